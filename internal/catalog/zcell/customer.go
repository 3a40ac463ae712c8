package zcell

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func customerData() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_get_customer_data_handling", JSONText: true, Toolset: "zcell_customer_data_handling", Action: catalog.Read,
			Description: "Read the ZCell customer's own record: its name and activation state, the platform and " +
				"regions it runs in, how many SIMs it has and uses, and the ZIA, ZPA and SIM-provider accounts it is " +
				"linked to. One object; the customer is the one ZCELL_CUSTOMER_ID names.",
			Method: "GET", Path: customer, Shape: catalog.Record,
		},
	}
}

func regions() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_list_regions", Toolset: "zcell_customer_region_handling", Action: catalog.Read,
			Description: "List the regions ZCell offers this customer, each with whether the customer has it " +
				"configured. ZCell checks the customer's SKU entitlement first unless skip_sku_check is true. One " +
				"request; the list is not paged.",
			Method: "GET", Path: customer + "/regions", Handler: list(unpaged),
			Params: []catalog.Param{
				catalog.Bool("skip_sku_check", "List regions without ZCell's SKU entitlement check.").Query("skipSkuCheck"),
			},
		},
		{
			Name: "zcell_list_region_operational_status", JSONText: true, Toolset: "zcell_customer_region_handling", Action: catalog.Read,
			Description: "List the customer's configured regions with how they are running: the broker cluster (BC) " +
				"and app connector (AC) status of each, and the state of its links. Use it to tell whether a cellular " +
				"outage is on the Zscaler side. One request; not paged.",
			Method: "GET", Path: customer + "/regions/operational-status", Handler: list(unpaged),
			Params: []catalog.Param{
				catalog.Str("bc_size", "Only regions whose broker cluster has this size.").Query("bcSize"),
			},
		},
	}
}
