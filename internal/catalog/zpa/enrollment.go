package zpa

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// nameEQ is ZPA's exact-name search expression; the query encoding escapes
// the value.
func nameEQ(name string) string { return "name+EQ+" + name }

// enrollmentCerts lists the tenant's enrollment certificates by name.
var enrollmentCerts = catalog.Tool{
	Name: "zpa_enrollment_certificates", Service: zscaler.ZPA, Action: catalog.Read, Paging: zscaler.PagingZPA,
	Method: "GET", Path: mgmtV2 + "/enrollmentCert",
	Params: []catalog.Param{catalog.Str("search", "s").Query("search")},
}

// certByName is the id of the enrollment certificate of that exact name
// (case ignored), or an error naming the parameter it came from.
func certByName(ctx context.Context, ex *catalog.Executor, param, name string) (string, error) {
	res, err := ex.Run(ctx, &enrollmentCerts, catalog.Args{"search": nameEQ(name)})
	if err != nil {
		return "", err
	}
	for _, r := range res.Records {
		var c struct{ ID, Name string }
		if json.Unmarshal(r, &c) == nil && strings.EqualFold(c.Name, name) && c.ID != "" {
			return c.ID, nil
		}
	}
	return "", &catalog.ArgError{Problems: []string{fmt.Sprintf("%s: the tenant has no enrollment certificate named %q "+
		"(get_zpa_enrollment_certificate lists them); nothing was changed", param, name)}}
}

// enrollmentCertName is the by-name alternative to enrollment_cert_id.
func enrollmentCertName(def string) catalog.Param {
	desc := "Enrollment certificate by name (e.g. \"Connector\"), resolved to its id; enrollment_cert_id wins when both are given."
	if def != "" {
		desc += " Without either, the tenant's \"" + def + "\" certificate is used."
	}
	return catalog.Str("enrollment_cert_name", desc).At(catalog.InHandler)
}

// withEnrollmentCert resolves enrollment_cert_name (or, when def is set and
// no certificate is named, the default certificate) to enrollment_cert_id
// before the row runs, so a name that resolves to nothing sends nothing.
func withEnrollmentCert(def string) func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	return func(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
		args := maps.Clone(c.Args)
		name, named := args["enrollment_cert_name"].(string)
		if _, hasID := args["enrollment_cert_id"]; !hasID && (named || def != "") {
			if !named {
				name = def
			}
			id, err := certByName(ctx, c.Exec, "enrollment_cert_name", name)
			if err != nil {
				return nil, err
			}
			args["enrollment_cert_id"] = id
		}
		return c.Exec.Run(ctx, c.Tool.Plain(), args)
	}
}
