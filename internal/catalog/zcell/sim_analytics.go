package zcell

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func simAnalytics() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_list_sim_analytics_map", JSONText: true, Toolset: "zcell_sim_analytics", Action: catalog.Read,
			Description: "List where the SIMs are, as the ZCell dashboard's map shows them: points with a latitude " +
				"and longitude and the ICCIDs, IMSIs and tags of the SIMs at each. icc_ids narrows it to those SIMs. " +
				"One request; not paged.",
			Method: "POST", Path: customer + "/sim/analytics/map", Handler: list(unpaged),
			Params: []catalog.Param{
				catalog.StrList("icc_ids", "Only these SIMs (ICCIDs).").Body("iccIds"),
			},
		},
		{
			Name: "zcell_list_sim_analytics_summary", Toolset: "zcell_sim_analytics", Action: catalog.Read,
			Description: "Count the customer's SIMs by state: total, used, active, inactive and the others ZCell " +
				"reports. One record.",
			Method: "GET", Path: customer + "/sim/analytics/summary", Handler: list(unpaged),
		},
		{
			Name: "zcell_list_sim_usage_by_country", Toolset: "zcell_sim_analytics", Action: catalog.Read,
			Description: "List the countries where the SIMs used the most data in the last `days`, largest first, " +
				"with the usage of each; `limit` countries at most (1-20; ZCell's default 10).",
			Method: "GET", Path: customer + "/sim/analytics/usage/countries", Handler: list(unpaged),
			Params: []catalog.Param{
				days("startDate", "endDate"),
				catalog.Int("limit", "At most this many countries (1-20).").Range(1, 20).Query("limit"),
			},
		},
		{
			Name: "zcell_list_sim_usage_by_day", Toolset: "zcell_sim_analytics", Action: catalog.Read,
			Description: "List the data the SIMs used per day over the last `days`, one record per day; icc_id " +
				"narrows it to one SIM.",
			Method: "GET", Path: customer + "/sim/analytics/usage/day", Handler: list(unpaged),
			Params: []catalog.Param{
				days("startDate", "endDate"),
				catalog.Str("icc_id", "Only this SIM's usage (its ICCID).").Query("iccId"),
			},
		},
		{
			Name: "zcell_list_sim_usage_by_sim", Toolset: "zcell_sim_analytics", Action: catalog.Read,
			Description: "List the SIMs that used the most data in the last `days`, largest first, with the usage " +
				"of each; `limit` SIMs at most (1-100).",
			Method: "GET", Path: customer + "/sim/analytics/usage/sims", Handler: list(unpaged),
			Params: []catalog.Param{
				days("startDate", "endDate"),
				catalog.Int("limit", "At most this many SIMs (1-100).").Range(1, 100).Query("limit"),
			},
		},
	}
}
