package ztw

import (
	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func publicCloud() []catalog.Tool {
	paging := func() []catalog.Param {
		return []catalog.Param{
			catalog.Int("page", "Read only this page (1-based; 0 or absent reads every page).").AtLeast(0).At(catalog.InPage),
			catalog.Int("page_size", "Records per page, 1-1000.").Range(1, 1000).At(catalog.InPageSize),
		}
	}
	return []catalog.Tool{
		{
			Name: "ztw_list_public_account_details", Toolset: "ztw", Action: catalog.Read,
			Description: "List the public cloud accounts and subscriptions (AWS, Azure, GCP) known to Cloud & " +
				"Branch Connector: internal id, the cloud's account id and platform. Without page every page is read.",
			Method: "GET", Path: api + "/publicCloudAccountDetails", Paging: zscaler.PagingZIA,
			Params: paging(),
		},
		{
			Name: "ztw_list_public_cloud_info", Toolset: "ztw", Action: catalog.Read,
			Description: "List the public cloud accounts onboarded for workload discovery, with their account " +
				"details (account id, IAM roles, event bus), account groups, permission and region status and " +
				"supported regions. Without page every page is read.",
			Method: "GET", Path: api + "/publicCloudInfo", Paging: zscaler.PagingZIA,
			Params: append(paging(),
				search("accounts"),
				catalog.Str("cloud_type", "Only accounts of this cloud.").OneOf("AWS", "AZURE", "GCP").Query("cloudType"),
			),
		},
	}
}
