package zia

import (
	"context"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// liteAction is the read/read_lite choice of the DLP and department reads.
func liteAction(short string) catalog.Param {
	return catalog.Str("action", "read (the default) for the full records; read_lite for "+short+".").
		OneOf("read", "read_lite").Def("read").At(catalog.InHandler)
}

func dlp() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "get_zia_dlp_dictionaries", Toolset: "zia_dlp", Action: catalog.Read,
			Description: "List ZIA DLP dictionaries, predefined (custom false) and custom, with their phrases, " +
				"patterns and match settings, or get one by dict_id. Web DLP rules and DLP engines refer to them by " +
				"id (an engine expression's D<id>). The API returns every dictionary in one answer; search filters " +
				"by name here.",
			Method: "GET", Path: api + "/dlpDictionaries",
			Params: []catalog.Param{
				liteAction("the short form, without descriptions and patterns"),
				numeric(catalog.Str("dict_id", "Get this one dictionary instead of a list.").At(catalog.InHandler)),
				nameFilter("dictionary"),
			},
			Handler: oneOrList("dict_id", api+"/dlpDictionaries/{dict_id}", "", api+"/dlpDictionaries/lite"),
		},
		{
			Name: "get_zia_dlp_engines", Toolset: "zia_dlp", Action: catalog.Read,
			Description: "List ZIA DLP engines, predefined (PCI, HIPAA, ...) and custom, each with the expression " +
				"over dictionaries that makes it match, or get one by engine_id. Web DLP rules refer to engines by " +
				"id. The API returns every engine in one answer; search filters by name here.",
			Method: "GET", Path: api + "/dlpEngines",
			Params: []catalog.Param{
				liteAction("the short form"),
				numeric(catalog.Str("engine_id", "Get this one engine instead of a list.").At(catalog.InHandler)),
				nameFilter("engine"),
			},
			Handler: oneOrList("engine_id", api+"/dlpEngines/{engine_id}", "", api+"/dlpEngines/lite"),
		},
	}
}

// oneOrList serves a list tool that also reads one record: with idParam
// given, the record at item (at liteItem for action read_lite, when there is
// one); otherwise the list, at liteList for read_lite when there is one.
func oneOrList(idParam, item, liteItem, liteList string) func(context.Context, *catalog.Call) (*catalog.Result, error) {
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		t := *c.Tool.Plain()
		_, one := c.Args[idParam]
		lite := c.Args["action"] == "read_lite"
		switch {
		case one && lite && liteItem != "":
			t.Path, t.Shape = liteItem, catalog.Record
		case one:
			t.Path, t.Shape = item, catalog.Record
		case lite && liteList != "":
			t.Path = liteList
		}
		return c.Exec.Run(ctx, &t, c.Args)
	}
}
