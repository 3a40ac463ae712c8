package zcell

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func sims() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_get_sim_details", JSONText: true, Toolset: "zcell_sim_handling", Action: catalog.Read,
			Description: "Read one SIM by its ICCID: its IMSI, IMEI and MSISDN, status and network status, APN and " +
				"IP addresses, last known country, operator and position, the device it sits in (brand, model, form " +
				"factor), its tags and its data usage. An ICCID ZCell does not know is an error.",
			Method: "GET", Path: customer + "/sims/details", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("icc_id", "The SIM's ICCID, as zcell_list_sims shows it.").Query("iccId").Req(),
			},
			Example: map[string]any{"icc_id": "8901260882291000011"},
		},
		{
			Name: "zcell_list_sims", JSONText: true, Toolset: "zcell_sim_handling", Action: catalog.Read,
			Description: "Search the customer's SIM inventory (a POST search; nothing is changed). Each record is a " +
				"SIM with its ICCID, status, network status, IP addresses, country, device and usage. Filters combine: " +
				"ICCIDs, IP addresses and tags match any of the values given; status, network status, country and the " +
				"device fields match exactly." + pagingNote,
			Method: "POST", Path: customer + "/sims/search", Handler: list(pageInBody, "pageDetails"),
			Params: append([]catalog.Param{
				catalog.StrList("iccid", "Only these ICCIDs.").Body("iccid"),
				catalog.Str("status", "Only SIMs in this status (e.g. Activated, Suspended).").Body("status"),
				catalog.Str("network_status", "Only SIMs in this network status (e.g. Online, Offline).").Body("networkStatus"),
				catalog.StrList("ip_address", "Only SIMs holding one of these IP addresses.").Body("ipAddress"),
				catalog.Str("location_country", "Only SIMs last seen in this country.").Body("locationCountry"),
				catalog.StrList("tag", "Only SIMs carrying one of these tag names.").Body("tag"),
				catalog.Str("device_type", "Only SIMs in devices of this type.").Body("deviceType"),
				catalog.Str("brand_name", "Only SIMs in devices of this brand.").Body("brandName"),
				catalog.Str("marketing_name", "Only SIMs in devices sold under this name.").Body("marketingName"),
				catalog.Str("model_name", "Only SIMs in devices of this model.").Body("modelName"),
				catalog.Str("form_factor", "Only SIMs of this form factor.").Body("formFactor"),
				catalog.Str("imei_status", "Only SIMs whose IMEI lock is in this state.").OneOf("Locked", "Unlocked", "InProgress").Body("imeiStatus"),
			}, paging()...),
		},
	}
}

func simLocationGroups() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_get_sim_location_group", JSONText: true, Toolset: "zcell_sim_location_groups", Action: catalog.Read,
			Description: "Read one SIM location group: its geofence (centre and radius), the ICCIDs it tracks, which " +
				"of them are inside or outside the fence, and the anomaly policies that use it.",
			Method: "GET", Path: customer + "/sim-location-groups/{group_id}", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.PathID("group_id", "The group's id, as zcell_list_sim_location_groups shows it."),
			},
		},
		{
			Name: "zcell_list_sim_location_groups", Toolset: "zcell_sim_location_groups", Action: catalog.Read,
			Description: "List the SIM location groups: geofenced areas with the SIMs each tracks, the basis of " +
				"geofencing anomaly policies. name matches part of a group's name on the server; no match is an empty " +
				"list." + pagingNote,
			Method: "GET", Path: customer + "/sim-location-groups", Handler: list(pageInQuery),
			Params: append([]catalog.Param{
				catalog.Str("name", "Only groups whose name contains this text.").Query("name"),
			}, paging()...),
		},
	}
}

func tags() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_list_tags", Toolset: "zcell_tag_handling", Action: catalog.Read,
			Description: "List the tags defined for labelling SIMs, each with its id and name; the SIM search filters " +
				"by these names. name matches part of a tag's name on the server." + pagingNote,
			Method: "GET", Path: customer + "/tag", Handler: list(pageInQuery),
			Params: append([]catalog.Param{
				catalog.Str("name", "Only tags whose name contains this text.").Query("name"),
			}, paging()...),
		},
	}
}
