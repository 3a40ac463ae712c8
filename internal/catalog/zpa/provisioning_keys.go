package zpa

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// associationTypes are the provisioning keys' association types, the path
// segment that says what the key enrols into; the reference's names and the
// API's own are both taken.
var associationTypes = map[string]string{
	"connector": "CONNECTOR_GRP", "service_edge": "SERVICE_EDGE_GRP",
	"CONNECTOR_GRP": "CONNECTOR_GRP", "SERVICE_EDGE_GRP": "SERVICE_EDGE_GRP",
}

// keyType is the required association type of every provisioning key tool.
func keyType() catalog.Param {
	p := catalog.PathID("key_type", "What the key enrols: connector (app connector groups, the API's CONNECTOR_GRP) "+
		"or service_edge (service edge groups, SERVICE_EDGE_GRP).")
	return p.Mapped(associationTypes, "connector", "service_edge", "CONNECTOR_GRP", "SERVICE_EDGE_GRP")
}

// defaultCerts are the enrollment certificates ZPA makes for each kind of
// component, used when a key is created without one.
var defaultCerts = map[string]string{"CONNECTOR_GRP": "Connector", "SERVICE_EDGE_GRP": "Service Edge"}

func provisioningKeys() []catalog.Tool {
	kid := id("key_id", "Provisioning key")
	path := mgmt + "/associationType/{key_type}/provisioningKey"
	body := func(verb string) []catalog.Param {
		return []catalog.Param{
			catalog.Str("name", verb+" key name.").Body("name"),
			catalog.Int("max_usage", verb+" number of enrolments the key allows (at least 1).").AtLeast(1).Body("maxUsage"),
			componentID(verb + " id of the app connector group (connector keys) or service edge group (service_edge keys) the key enrols into."),
			refID("enrollment_cert_id", verb+" enrollment certificate id (get_zpa_enrollment_certificate lists them).", "enrollmentCertId"),
			catalog.Str("description", verb+" description.").Body("description"),
			microtenant(),
		}
	}
	create := append([]catalog.Param{keyType()}, body("The")...)
	create[1], create[2], create[3] = create[1].Req(), create[2].Req(), create[3].Req()
	create[4].Description += " Without it, the tenant's \"Connector\" certificate (connector keys) or \"Service Edge\" " +
		"certificate (service_edge keys) is looked up and used."
	example := map[string]any{"key_type": "connector"}
	return []catalog.Tool{
		{
			Name: "get_zpa_enrollment_certificate", Toolset: "zpa_provisioning_keys", Action: catalog.Read,
			Description: "List the ZPA enrollment certificates (Root, Client, Connector, Service Edge and any the tenant " +
				"added): the certificates connectors and service edges enrol with, which provisioning keys and " +
				"connector groups name by id. With name, only the certificate of that exact name (case ignored; none " +
				"is an empty list); with certificate_id, that one certificate; always a list. Without page, every page is read.",
			Method: "GET", Path: mgmtV2 + "/enrollmentCert",
			Params: []catalog.Param{
				handlerID("certificate_id", "Return only this certificate (digits, as a string)."),
				catalog.Str("name", "Return only the certificate of this exact name, e.g. \"Connector\" (case ignored).").At(catalog.InHandler),
				catalog.Str("search", "Server-side search on the name, e.g. \"Conn\" or \"name+EQ+Connector\".").Query("search"),
				catalog.Int("page", "Read only this page (1-based); without it every page is read.").AtLeast(1).At(catalog.InPage),
				catalog.Int("page_size", "Records per page (1-500).").Range(1, 500).At(catalog.InPageSize),
			},
			Handler: enrollmentCertificates,
		},
		{
			Name: "zpa_list_provisioning_keys", Toolset: "zpa_provisioning_keys", Action: catalog.Read, Secret: true,
			Description: "List the ZPA provisioning keys of one association type (key_type): each key's group " +
				"(zcomponentId/zcomponentName), enrollment certificate, usage against its maximum, and the key value " +
				"itself (provisioningKey), which is what a new connector or service edge is installed with: a credential, " +
				"good for enrolments until usageCount reaches maxUsage. Because it returns that credential, it is offered only as " +
				"write tools are (write switch on, name allowed). Without page, every page is read.",
			Method: "GET", Path: path,
			Params: append([]catalog.Param{keyType()}, listParams("provisioning key")...), Example: example,
		},
		{
			Name: "zpa_get_provisioning_key", Toolset: "zpa_provisioning_keys", Action: catalog.Read, Secret: true,
			Description: "Get one ZPA provisioning key by id and association type, with its key value (provisioningKey, a " +
				"credential that enrols components), usage count, maximum usage, group and enrollment certificate. Offered only " +
				"as write tools are, because it returns that credential.",
			Method: "GET", Path: path + "/{key_id}", Shape: catalog.Record,
			Params: []catalog.Param{kid, keyType()}, Example: example,
		},
		{
			Name: "zpa_create_provisioning_key", Toolset: "zpa_provisioning_keys", Action: catalog.Create,
			Description: "Create a ZPA provisioning key for an app connector group (key_type connector) or a service " +
				"edge group (service_edge), usable max_usage times. The enrollment certificate is the one given, or " +
				"else the tenant's default for the type (looked up first; nothing is created when it is missing). " +
				"Returns the key as created, with the key value to install components with.",
			Method: "POST", Path: path, Shape: catalog.Record,
			Params: create, Handler: withDefaultCert,
			Example: map[string]any{"key_type": "connector", "name": "Catalogue Test Key", "max_usage": 2,
				"component_id": "734512908613300101", "description": "Made by the catalogue-wide test"},
		},
		{
			Name: "zpa_update_provisioning_key", Toolset: "zpa_provisioning_keys", Action: catalog.Update,
			Description: "Update a ZPA provisioning key. The current key is read and only the fields given change; " +
				"the key value stays the same. Returns the key after the change.",
			Method: "PUT", Path: path + "/{key_id}", Shape: catalog.Record,
			Merge: path + "/{key_id}", Refetch: path + "/{key_id}",
			Params:  append([]catalog.Param{kid, keyType()}, body("New")...),
			Example: map[string]any{"key_type": "connector", "description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zpa_delete_provisioning_key", Toolset: "zpa_provisioning_keys", Action: catalog.Delete,
			Description: "Delete a ZPA provisioning key, so that no more components enrol with it (those already " +
				"enrolled stay). Destructive and immediate; confirmation required: the user must confirm before anything is deleted.",
			Method: "DELETE", Path: path + "/{key_id}", Shape: catalog.Done,
			Params: []catalog.Param{kid, keyType(), microtenant()}, Example: example,
		},
	}
}

// componentID sends the group id as zcomponentId, the member the API keeps,
// and as componentId, which the SDK sends beside it.
func componentID(desc string) catalog.Param {
	return catalog.Str("component_id", desc).Builds(func(v any) (map[string]any, error) {
		if err := checkID(v.(string)); err != nil {
			return nil, err
		}
		return map[string]any{"zcomponentId": v, "componentId": v}, nil
	})
}

// withDefaultCert creates the key with the enrollment certificate given, or
// else with the tenant's default one for the key's type, looked up by name.
func withDefaultCert(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	args := c.Args
	if _, given := args["enrollment_cert_id"]; !given {
		id, err := certByName(ctx, c.Exec, "enrollment_cert_id", defaultCerts[associationTypes[args["key_type"].(string)]])
		if err != nil {
			return nil, err
		}
		args = maps.Clone(args)
		args["enrollment_cert_id"] = id
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}

// enrollmentCert is one enrollment certificate, read on v1 as the SDK does.
var enrollmentCert = catalog.Tool{
	Name: "get_zpa_enrollment_certificate", Action: catalog.Read, Shape: catalog.Record,
	Method: "GET", Path: mgmt + "/enrollmentCert/{certificate_id}",
	Params: []catalog.Param{id("certificate_id", "Enrollment certificate")},
}

// enrollmentCertificates lists the certificates, or the one named or given
// by id, always as a list.
func enrollmentCertificates(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	if name, ok := c.Args["name"].(string); ok {
		found, err := c.Exec.Run(ctx, &enrollmentCerts, catalog.Args{"search": nameEQ(name)})
		if err != nil {
			return nil, err
		}
		for _, r := range found.Records {
			var cert struct{ Name string }
			if json.Unmarshal(r, &cert) == nil && strings.EqualFold(cert.Name, name) {
				return catalog.RecordsResult([]json.RawMessage{r}), nil
			}
		}
		res := catalog.RecordsResult(nil)
		res.Notes = append(res.Notes, fmt.Sprintf("NOTE: no enrollment certificate is named %q; call without name to list them all.", name))
		return res, nil
	}
	if certID, ok := c.Args["certificate_id"].(string); ok {
		one, err := c.Exec.Run(ctx, &enrollmentCert, catalog.Args{"certificate_id": certID})
		if err != nil {
			return nil, err
		}
		return catalog.RecordsResult([]json.RawMessage{one.Record}), nil
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
}

// handlerID is an optional id the tool's handler reads, checked as ids are.
func handlerID(name, desc string) catalog.Param {
	p := catalog.Str(name, desc).At(catalog.InHandler)
	p.Build = validID
	return p
}
