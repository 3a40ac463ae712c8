package zia

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// urlLookupBatch is the most URLs ZIA classifies in one request.
const urlLookupBatch = 100

func urlCategories() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_list_url_categories", Toolset: "zia_url_categories", Action: catalog.Read,
			Description: "List ZIA URL categories, predefined and custom, with their URLs, keywords and IP ranges. " +
				"To learn which category a URL belongs to, use zia_url_lookup instead. The list is large: prefer " +
				"custom_only or search, and ask the user for scope before an unfiltered call.",
			Method: "GET", Path: api + "/urlCategories",
			Params: []catalog.Param{
				catalog.Str("search", "Case-insensitive substring of the category's configured name or id; filters the records after they are read.").At(catalog.InFilter),
				catalog.Bool("custom_only", "Only custom (user-defined) categories.").Query("customOnly"),
				catalog.Str("type", "Category type.").OneOf("URL_CATEGORY", "TLD_CATEGORY", "ALL").Query("type"),
			},
		},
		{
			Name: "zia_url_lookup", Toolset: "zia_url_categories", Action: catalog.Read,
			Description: "Classify URLs or domains with Zscaler's predefined URL categories (and any security alert " +
				"categories). Use THIS for 'which category is example.com in?'. Custom categories are not reported " +
				"here: use zia_list_url_categories for those. Any number of URLs; they are sent 100 at a time.",
			Method: "POST", Path: api + "/urlLookup",
			Params: []catalog.Param{
				catalog.StrList("urls", "URLs or domains to classify, e.g. [\"example.com\", \"news.example.org/path\"].").Req().BodyRoot(),
			},
			Handler: lookupInBatches,
			Example: map[string]any{"urls": []string{"www.northwind.example.com", "malware.example.net"}},
		},
	}
}

// lookupInBatches sends the URLs in batches ZIA accepts and returns one list.
func lookupInBatches(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	urls := c.Args["urls"].([]string)
	if len(urls) == 0 {
		return nil, fmt.Errorf("urls is empty; give at least one URL or domain")
	}
	var all []json.RawMessage
	for start := 0; start < len(urls); start += urlLookupBatch {
		end := min(start+urlLookupBatch, len(urls))
		res, err := c.Exec.Run(ctx, c.Tool.Plain(), catalog.Args{"urls": urls[start:end]})
		if err != nil {
			return nil, err
		}
		all = append(all, res.Records...)
	}
	return catalog.RecordsResult(all), nil
}
