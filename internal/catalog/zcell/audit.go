package zcell

import "github.com/zscaler-mcp/zscaler-mcp/internal/catalog"

func audit() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zcell_list_audit_customers_search", Toolset: "zcell_audit_data_handling", Action: catalog.Read,
			Description: "Search the ZCell audit log of the last `days` (a POST search; nothing is changed): who " +
				"created, updated, deleted or exported which object, when, with the data before and after. Filters " +
				"combine; zcell_list_audit_metadata lists the operation and object types ZCell knows." + pagingNote,
			Method: "POST", Path: api + "/audit/customers/{zcellCustomerId}/search", Handler: list(pageInQuery),
			Params: append([]catalog.Param{
				daysInBody("startDate", "endDate"),
				catalog.Str("operation_type", "Only this operation.").OneOf("Create", "Update", "Delete", "Export").Body("operationType"),
				catalog.Str("object_type", "Only changes to objects of this type.").Body("objectType"),
				catalog.Str("object_name", "Only changes to objects of this name.").Body("objectName"),
				catalog.Str("object_id", "Only changes to the object of this id.").Body("objectId"),
				catalog.Str("visibility", "Only entries of this visibility.").OneOf("Customer", "Root").Body("visibility"),
				catalog.Str("modified_by_user_id", "Only changes made by this user id.").Body("modifiedByUserId"),
			}, paging()...),
		},
		{
			Name: "zcell_list_audit_metadata", Toolset: "zcell_audit_data_handling", Action: catalog.Read,
			Description: "List the vocabulary of the ZCell audit log: the operation types and object types that " +
				"zcell_list_audit_customers_search filters by. One record.",
			Method: "GET", Path: api + "/audit/metadata", Handler: list(unpaged),
		},
	}
}
