package contract

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/shared"
)

// zmsCustomerID is the tenant of the ZMS recordings.
const zmsCustomerID = "72058304855015424"

// Every ZMS recording is one GraphQL list of its first page (the SDK's
// defaults: page 1 of 20), so each tool is called for that page. The body
// compared is the whole GraphQL request: the query document (whitespace
// aside), the variables and the operation name; the result is the recorded
// connection's nodes. The other ZMS tools (statistics, TOTP secrets, nonce,
// metadata, protection status, group members, default rules, tag keys and
// values) have no recording: the e2e catalogue test runs them against the
// sandbox, and internal/catalog/zms's tests hold their requests to the SDK's.
func TestZMSAgainstRecordedTraffic(t *testing.T) {
	for _, c := range []struct{ file, tool, args, field string }{
		{"zms__TestAgents.yaml", "zms_list_agents", `{"page":1,"page_size":20}`, "agents"},
		{"zms__TestAgentGroups.yaml", "zms_list_agent_groups", `{"page":1,"page_size":20}`, "agentGroups"},
		{"zms__TestNonces.yaml", "zms_list_nonces", `{"page":1,"page_size":20}`, "nonces"},
		{"zms__TestAppCatalog.yaml", "zms_list_app_catalog", `{"page_num":1,"page_size":20}`, "appCatalog"},
		{"zms__TestAppZones.yaml", "zms_list_app_zones", `{"page_num":1,"page_size":20}`, "appZones"},
		{"zms__TestPolicyRules.yaml", "zms_list_policy_rules", `{"page_num":1,"page_size":20}`, "policyRules"},
		{"zms__TestResourceGroups.yaml", "zms_list_resource_groups", `{"page_num":1,"page_size":20}`, "resourceGroups"},
		{"zms__TestResources.yaml", "zms_list_resources", `{"page_num":1,"page_size":20}`, "resources"},
		{"zms__TestTags.yaml", "zms_list_tag_namespaces", `{"page_num":1,"page_size":20}`, "tagNamespaces"},
	} {
		t.Run(c.tool, func(t *testing.T) {
			rp := &replay{rec: shared.LoadRecording(t, c.file), used: map[int]bool{}}
			exec := replayExecutor(t, rp)
			exec.CustomerID = zmsCustomerID
			res := exec.Execute(context.Background(), tool(t, c.tool), json.RawMessage(c.args))
			if res.Error != "" {
				t.Fatalf("tool failed: %s\nrequests: %+v", res.Error, rp.seen)
			}
			if len(rp.seen) != 1 || rp.seen[0].method != "POST" || rp.seen[0].path != "/zms/graphql" || rp.seen[0].interaction < 0 {
				t.Fatalf("requests %+v; want the one recorded POST /zms/graphql", rp.seen)
			}
			in := rp.rec.Interactions[rp.seen[0].interaction]
			if got, want := graphQLRequest(t, rp.seen[0].body), graphQLRequest(t, []byte(*in.Request.Body)); got != want {
				t.Errorf("GraphQL request\n got: %s\nwant: %s", got, want)
			}
			var env struct {
				Data map[string]struct{ Nodes json.RawMessage }
			}
			if err := json.Unmarshal([]byte(in.Response.Body.String), &env); err != nil {
				t.Fatal(err)
			}
			var sc struct{ Result json.RawMessage }
			_ = json.Unmarshal(res.Structured(), &sc)
			if got, want := canonical(t, string(sc.Result)), canonical(t, string(env.Data[c.field].Nodes)); got != want {
				t.Errorf("structuredContent differs from the recorded nodes\n got: %.600s\nwant: %.600s", got, want)
			}
		})
	}
}

// graphQLRequest is a GraphQL request body in a comparable form: the query
// document's tokens joined by one space, the variables canonical.
func graphQLRequest(t *testing.T, body []byte) string {
	t.Helper()
	var req struct {
		Query         string          `json:"query"`
		Variables     json.RawMessage `json:"variables"`
		OperationName string          `json:"operationName"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatalf("not a GraphQL request: %v\n%s", err, body)
	}
	return strings.Join(strings.Fields(req.Query), " ") + " | " + canonical(t, string(req.Variables)) + " | " + req.OperationName
}
