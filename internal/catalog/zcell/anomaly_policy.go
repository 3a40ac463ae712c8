package zcell

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func anomalyPolicies() []catalog.Tool {
	policyID := catalog.PathID("policy_id", "The anomaly policy's id, as zcell_list_anomaly_policies shows it.")
	return []catalog.Tool{
		{
			Name: "zcell_list_anomaly_policies", Toolset: "zcell_anomaly_policy", Action: catalog.Read,
			Description: "List the anomaly policies that watch the SIM fleet (geofencing and others): each with its " +
				"id, name, type, whether it is enabled, its run status, the SIM location groups it applies to and how " +
				"many violations it counted in the last `days`." + pagingNote,
			Method: "GET", Path: customer + "/anomaly-policy", Handler: list(pageInQuery),
			Params: append([]catalog.Param{
				days("startDateTime", "endDateTime"),
				catalog.Str("policy_type", "Only policies of this type (e.g. GEOFENCING).").Query("policyType"),
			}, paging()...),
		},
		{
			Name: "zcell_list_anomaly_policy_logs", Toolset: "zcell_anomaly_policy", Action: catalog.Read,
			Description: "List the history of one anomaly policy: when it was enabled, disabled or run, with the " +
				"status and message of each event." + pagingNote,
			Method: "GET", Path: customer + "/anomaly-policy/{policy_id}/logs", Handler: list(pageInQuery),
			Params: append([]catalog.Param{policyID}, paging()...),
		},
		{
			Name: "zcell_list_anomaly_policy_violations", Toolset: "zcell_anomaly_policy", Action: catalog.Read,
			Description: "List the SIMs (by ICCID) that broke one anomaly policy in the last `days`, with how often. " +
				"zcell_list_iccid_violations gives the events behind one of them." + pagingNote,
			Method: "GET", Path: customer + "/anomaly-policy/{policy_id}/violations", Handler: list(pageInQuery),
			Params: append([]catalog.Param{policyID, days("startDateTime", "endDateTime")}, paging()...),
		},
		{
			Name: "zcell_list_iccid_violations", Toolset: "zcell_anomaly_policy", Action: catalog.Read,
			Description: "List the violation events of one SIM under one anomaly policy in the last `days`: each with " +
				"its type, the zone it happened in and when, newest first. Every page is read.",
			Method: "GET", Path: customer + "/anomaly-policy/{policy_id}/violations/{iccid}", Handler: list(pageInQuery),
			Params: []catalog.Param{
				policyID,
				catalog.PathID("iccid", "The SIM's ICCID, as zcell_list_anomaly_policy_violations shows it."),
				days("startDateTime", "endDateTime"),
			},
		},
	}
}
