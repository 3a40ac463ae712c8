package sandbox

import (
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog/zms"
)

// The ZMS operations the catalogue sends, against the sandbox: inline
// fragments select their fields, input objects filter, a get by id answers
// one record or null, and fetchAll answers every record at once.
func TestZMSOperations(t *testing.T) {
	f := newFixture(t, Options{})
	nodes := func(data object, field string) []any {
		t.Helper()
		conn, _ := data[field].(object)
		n, ok := conn["nodes"].([]any)
		if !ok {
			t.Fatalf("%s: no nodes in %v", field, data)
		}
		return n
	}

	data, errs := f.graph("/zms/graphql", zms.Document("ListResourceGroups"), object{"customerId": CustomerID, "pageNum": 1, "pageSize": 20})
	groups := nodes(data, "resourceGroups")
	if errs != nil || len(groups) != 2 || groups[1].(object)["cidrs"] == nil || groups[0].(object)["name"] != "Web Servers" {
		t.Fatalf("resource groups through fragments: %v %v", data, errs)
	}

	data, _ = f.graph("/zms/graphql", zms.Document("ListResources"), object{"customerId": CustomerID,
		"filter": object{"cloudProvider": object{"equals": "AWS"}, "name": object{"contains": "web"}}})
	if res := nodes(data, "resources"); len(res) != 1 || res[0].(object)["name"] != "nwl-web-01" {
		t.Errorf("filter on provider and name kept %v", res)
	}

	data, errs = f.graph("/zms/graphql", zms.Document("GetNonce"), object{"customerId": CustomerID, "eyezId": "ez-000007360002"})
	if n, _ := data["nonce"].(object)["nonce"].(object); errs != nil || n["name"] != "azure-analytics-enrol" {
		t.Errorf("nonce by id: %v %v", data, errs)
	}
	data, errs = f.graph("/zms/graphql", zms.Document("GetNonce"), object{"customerId": CustomerID, "eyezId": "ez-nope"})
	if v, ok := data["nonce"]; errs != nil || !ok || v != nil {
		t.Errorf("an unknown nonce: %v %v; want null", data, errs)
	}

	data, _ = f.graph("/zms/graphql", zms.Document("ListPolicyRules"), object{"customerId": CustomerID, "pageNum": 1, "pageSize": 1, "fetchAll": true})
	if rules := nodes(data, "policyRules"); len(rules) != 2 {
		t.Errorf("fetchAll answered %d rules, want every one (2)", len(rules))
	}
	data, _ = f.graph("/zms/graphql", zms.Document("ListPolicyRules"), object{"customerId": CustomerID, "pageNum": 1, "pageSize": 1})
	if rules := nodes(data, "policyRules"); len(rules) != 1 {
		t.Errorf("a page of 1 answered %d rules", len(rules))
	}

	data, errs = f.graph("/zms/graphql", zms.Document("GetMetadata"), object{"customerId": CustomerID})
	if m, _ := data["metadata"].(object); errs != nil || m["eventTypes"] == nil {
		t.Errorf("metadata: %v %v", data, errs)
	}
}
