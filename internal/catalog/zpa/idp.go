package zpa

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const userconfig = "/zpa/userconfig/v1/customers/{customerId}"

// idps lists the tenant's identity providers by name.
var idps = catalog.Tool{
	Name: "zpa_idps", Service: zscaler.ZPA, Action: catalog.Read, Paging: zscaler.PagingZPA,
	Method: "GET", Path: mgmtV2 + "/idp",
	Params: []catalog.Param{catalog.Str("search", "s").Query("search")},
}

// idpByName is the id of the IdP of that exact name, or an error naming
// idp_name.
func idpByName(ctx context.Context, ex *catalog.Executor, name string) (string, error) {
	res, err := ex.Run(ctx, &idps, catalog.Args{"search": nameEQ(name)})
	if err != nil {
		return "", err
	}
	for _, r := range res.Records {
		var p struct{ ID, Name string }
		if json.Unmarshal(r, &p) == nil && p.Name == name && p.ID != "" {
			return p.ID, nil
		}
	}
	return "", &catalog.ArgError{Problems: []string{fmt.Sprintf("idp_name: the tenant has no identity provider named %q "+
		"(names are matched exactly, case included)", name)}}
}

// idpPaging are the search and paging inputs of the IdP reads.
func idpPaging(what string) []catalog.Param {
	return []catalog.Param{
		catalog.Str("search", "Server-side search on the "+what+" name, e.g. \"dept\" or \"name+EQ+Department\".").Query("search"),
		catalog.Int("page", "Read only this page (1-based); without it every page is read.").AtLeast(1).At(catalog.InPage),
		catalog.Int("page_size", "Records per page (1-500).").Range(1, 500).At(catalog.InPageSize),
	}
}

func idpTools() []catalog.Tool {
	idpName := func(desc string) catalog.Param { return catalog.Str("idp_name", desc).At(catalog.InHandler) }
	return []catalog.Tool{
		{
			Name: "get_zpa_saml_attribute", Toolset: "zpa_idp", Action: catalog.Read,
			Description: "List the ZPA SAML attributes (the user attributes IdPs send, usable in policy conditions as " +
				"SAML operands): id, name, SAML name, user attribute and IdP. With idp_name, only that identity " +
				"provider's (resolved by its exact name). Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/samlAttribute",
			Params:  append([]catalog.Param{idpName("Only the attributes of the identity provider of this exact name.")}, idpPaging("attribute")...),
			Handler: samlAttributes,
		},
		{
			Name: "get_zpa_scim_attribute", Toolset: "zpa_idp", Action: catalog.Read,
			Description: "List the SCIM attributes of a ZPA identity provider, named by idp_name (its exact name): the " +
				"user attributes SCIM provisioning syncs, usable in SCIM policy conditions. With attribute_id, that " +
				"one attribute, as a list of one. Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/idp",
			Params: append([]catalog.Param{
				idpName("The identity provider's exact name.").Req(),
				handlerID("attribute_id", "Return only this attribute (digits, as a string)."),
			}, idpPaging("attribute")...),
			Handler: scimAttributes, Example: map[string]any{"idp_name": "Northwind Okta"},
		},
		{
			Name: "get_zpa_scim_group", Toolset: "zpa_idp", Action: catalog.Read,
			Description: "List the SCIM groups an identity provider has synced to ZPA (named by idp_name, its exact " +
				"name), the groups SCIM_GROUP policy conditions use; or, with scim_group_id, that one group, as a list " +
				"of one. One of the two is required. Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/idp",
			Params: append([]catalog.Param{
				handlerID("scim_group_id", "Return only this SCIM group (digits, as a string)."),
				idpName("The identity provider's exact name, whose groups are listed."),
			}, idpPaging("group")...),
			Handler: scimGroups, Example: map[string]any{"idp_name": "Northwind Okta"},
		},
	}
}

var (
	samlByIdP = catalog.Tool{Name: "get_zpa_saml_attribute", Service: zscaler.ZPA, Action: catalog.Read, Paging: zscaler.PagingZPA,
		Method: "GET", Path: mgmtV2 + "/samlAttribute/idp/{idp_id}",
		Params: append([]catalog.Param{catalog.PathID("idp_id", "i")}, idpPaging("a")...)}
	scimAttrList = catalog.Tool{Name: "get_zpa_scim_attribute", Service: zscaler.ZPA, Action: catalog.Read, Paging: zscaler.PagingZPA,
		Method: "GET", Path: mgmt + "/idp/{idp_id}/scimattribute",
		Params: append([]catalog.Param{catalog.PathID("idp_id", "i")}, idpPaging("a")...)}
	scimAttrOne = catalog.Tool{Name: "get_zpa_scim_attribute", Service: zscaler.ZPA, Action: catalog.Read, Shape: catalog.Record,
		Method: "GET", Path: mgmt + "/idp/{idp_id}/scimattribute/{attribute_id}",
		Params: []catalog.Param{catalog.PathID("idp_id", "i"), catalog.PathID("attribute_id", "a")}}
	scimGroupList = catalog.Tool{Name: "get_zpa_scim_group", Service: zscaler.ZPA, Action: catalog.Read, Paging: zscaler.PagingZPA,
		Method: "GET", Path: userconfig + "/scimgroup/idpId/{idp_id}",
		Params: append([]catalog.Param{catalog.PathID("idp_id", "i")}, idpPaging("g")...)}
	scimGroupOne = catalog.Tool{Name: "get_zpa_scim_group", Service: zscaler.ZPA, Action: catalog.Read, Shape: catalog.Record,
		Method: "GET", Path: userconfig + "/scimgroup/{scim_group_id}",
		Params: []catalog.Param{catalog.PathID("scim_group_id", "g")}}
)

// withIdP is the arguments with idp_id, resolved from idp_name.
func withIdP(ctx context.Context, c *catalog.Call) (catalog.Args, error) {
	idpID, err := idpByName(ctx, c.Exec, c.Args["idp_name"].(string))
	if err != nil {
		return nil, err
	}
	args := catalog.Args{"idp_id": idpID}
	for k, v := range c.Args {
		args[k] = v
	}
	return args, nil
}

// asList is one record as the list of one these tools always return.
func asList(res *catalog.Result, err error) (*catalog.Result, error) {
	if err != nil {
		return nil, err
	}
	return catalog.RecordsResult([]json.RawMessage{res.Record}), nil
}

func samlAttributes(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if _, named := c.Args["idp_name"]; !named {
		return c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
	}
	args, err := withIdP(ctx, c)
	if err != nil {
		return nil, err
	}
	return c.Exec.Run(ctx, &samlByIdP, args)
}

func scimAttributes(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	args, err := withIdP(ctx, c)
	if err != nil {
		return nil, err
	}
	if _, one := args["attribute_id"]; one {
		return asList(c.Exec.Run(ctx, &scimAttrOne, args))
	}
	return c.Exec.Run(ctx, &scimAttrList, args)
}

func scimGroups(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if _, one := c.Args["scim_group_id"]; one {
		return asList(c.Exec.Run(ctx, &scimGroupOne, c.Args))
	}
	if _, named := c.Args["idp_name"]; !named {
		return nil, &catalog.ArgError{Problems: []string{"give scim_group_id (one group) or idp_name (the groups of that identity provider)"}}
	}
	args, err := withIdP(ctx, c)
	if err != nil {
		return nil, err
	}
	return c.Exec.Run(ctx, &scimGroupList, args)
}
