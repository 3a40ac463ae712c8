package zcell

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func networkEvents() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_list_network_events", Toolset: "zcell_network_events", Action: catalog.Read,
			Description: "Search the network events of the SIM fleet in the last `days` (a POST search; nothing is " +
				"changed): attaches, sessions and data-cap events, each with its time, outcome, ICCID and IMSI, " +
				"country, operator, radio access type and IP address. filter_by conditions all apply, each " +
				`{"filterName": "country", "operator": "EQ", "values": ["US"]} with operator EQ, NE, LIKE or NOT_LIKE; ` +
				`sort_by is {"<field>": "ASC"|"DESC"}.` + pagingNote,
			Method: "POST", Path: api + "/network-events/{zcellCustomerId}/search/startTime/:start/endTime/:end",
			Handler: list(pageInBody),
			Params: append([]catalog.Param{
				catalog.Int("days", "Look back this many days (1-365, default 7); sent as the epoch-second window in the path.").
					Range(1, 365).Def(7).At(catalog.InHandler),
				{Name: "filter_by", Type: catalog.ObjectList, Wire: "filterBy", In: catalog.InBody,
					Description: `Conditions that must all hold, e.g. [{"filterName": "country", "operator": "EQ", "values": ["US"]}].`},
				catalog.Obj("sort_by", `Sort order, e.g. {"timestamp": "DESC"}.`).Body("sortBy"),
				catalog.Bool("exclude_apn_config", "Leave the APN configuration out of the events.").Body("excludeApnConfig"),
			}, paging()...),
		},
	}
}
