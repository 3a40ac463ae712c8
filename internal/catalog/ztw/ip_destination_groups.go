package ztw

import (
	"context"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

var destinationTypes = catalog.DestinationTypes

func ipDestinationGroups() []catalog.Tool {
	list := catalog.Tool{
		Name: "ztw_list_ip_destination_groups", Toolset: "ztw", Action: catalog.Read,
		Description: "List ZTW IP destination groups, the sets of destinations connector rules match traffic to: " +
			"IPs (DSTN_IP), FQDNs (DSTN_FQDN), wildcard domains (DSTN_DOMAIN) or countries and IP categories " +
			"(DSTN_OTHER), with their members. Every page is read.",
		Method: "GET", Path: api + "/ipDestinationGroups", Paging: zscaler.PagingZIA,
		Params: []catalog.Param{
			catalog.Str("exclude_type", "Leave out the groups of this type.").OneOf(destinationTypes...).Query("excludeType"),
		},
	}
	return []catalog.Tool{
		list,
		liteOf(list, "List ZTW IP destination groups by id, name and type only, without their members."),
		{
			Name: "ztw_create_ip_destination_group", Toolset: "ztw", Action: catalog.Create,
			Description: "Create a ZTW IP destination group. DSTN_IP, DSTN_FQDN and DSTN_DOMAIN groups list their " +
				"members in addresses; a DSTN_OTHER group lists countries (ISO codes such as US, sent as COUNTRY_US), " +
				"which no other type takes. Returns the group with its new id." + activation,
			Method: "POST", Path: api + "/ipDestinationGroups", Shape: catalog.Record,
			Params: []catalog.Param{
				catalog.Str("name", "Group name, unique in the tenant.").Req().Body("name"),
				catalog.Str("type", "What the group holds.").OneOf(destinationTypes...).Req().Body("type"),
				catalog.Str("description", "Group description.").Body("description"),
				catalog.StrList("addresses", "IPs, CIDRs, FQDNs or domains (by type); a JSON array, or its text.").Body("addresses"),
				catalog.StrList("countries", "Two-letter ISO country codes (US, DE) or COUNTRY_XX; DSTN_OTHER only.").Body("countries"),
			},
			Handler: createDestinationGroup,
			Example: map[string]any{"name": "Catalogue Test Destinations", "type": "DSTN_FQDN",
				"addresses": []string{"updates.example.net"}},
		},
		deleteRow("ztw_delete_ip_destination_group", api+"/ipDestinationGroups", "IP destination group"),
	}
}

// createDestinationGroup refuses what the API would reject for the type,
// before anything is sent, and writes countries as the API names them.
func createDestinationGroup(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	kind := c.Args["type"].(string)
	countries, hasCountries := c.Args["countries"].([]string)
	addresses, _ := c.Args["addresses"].([]string)
	switch {
	case kind == "DSTN_OTHER" && len(countries) == 0:
		return nil, argError("countries: a DSTN_OTHER group needs at least one country")
	case kind != "DSTN_OTHER" && hasCountries:
		return nil, argError("countries: only a DSTN_OTHER group takes countries; a " + kind + " group lists addresses")
	case kind != "DSTN_OTHER" && len(addresses) == 0:
		return nil, argError("addresses: a " + kind + " group needs at least one address")
	}
	args := catalog.Args{}
	for k, v := range c.Args {
		args[k] = v
	}
	if hasCountries {
		codes, err := catalog.CountryCodes(countries)
		if err != nil {
			return nil, argError("countries: " + err.Error())
		}
		args["countries"] = codes
	}
	return plain(ctx, c, args)
}

func argError(problem string) error { return &catalog.ArgError{Problems: []string{problem}} }
