package e2e

import (
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// countRequests counts the sandbox requests with this method whose path starts with prefix.
func countRequests(tn *tenant, method, prefix string) int {
	n := 0
	for _, r := range tn.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

func TestPagedListsReadEveryPage(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env())

		all := rows(t, ok(t, s, "get_zia_users", nil))
		tn.Reset()
		paged := rows(t, ok(t, s, "get_zia_users", map[string]any{"page_size": 10}))
		pages := countRequests(tn, "GET", "/zia/api/v1/users")
		if len(all) <= 20 || len(paged) != len(all) {
			t.Fatalf("users: %d unpaged, %d paged by 10", len(all), len(paged))
		}
		if want := len(all)/10 + 1; pages < want-1 || pages > want {
			t.Errorf("read %d users in %d requests of 10", len(all), pages)
		}
		seen := map[string]bool{}
		for _, u := range paged {
			id := jsonText(u["id"])
			if seen[id] {
				t.Fatalf("user %s twice: paging repeated a page", id)
			}
			seen[id] = true
		}

		segs := rows(t, ok(t, s, "zpa_list_application_segments", map[string]any{"page_size": 5}))
		if len(segs) <= 5 {
			t.Fatalf("only %d segments read with pages of 5", len(segs))
		}
		one := rows(t, ok(t, s, "zpa_list_application_segments", map[string]any{"page": 2, "page_size": 5}))
		if len(one) != 5 || one[0]["id"] != segs[5]["id"] {
			t.Errorf("page 2 of 5 starts with %v, want %v", one[0]["id"], segs[5]["id"])
		}

		devices := rows(t, ok(t, s, "zdx_list_devices", nil))
		if len(devices) < 2 {
			t.Fatalf("zdx devices: %d", len(devices))
		}
	})
}

func TestRateLimitBurstIsSurvived(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env())
		tn.InjectFault(sandbox.Fault{PathPrefix: "/zia/api/v1/locations", Status: 429, RetryAfter: "1", Count: 2})
		tn.InjectFault(sandbox.Fault{PathPrefix: "/zpa/", Status: 429, RetryAfter: "1s", Count: 1})
		if len(rows(t, ok(t, s, "zia_list_locations", nil))) == 0 {
			t.Fatal("no locations after the burst")
		}
		if len(rows(t, ok(t, s, "zpa_list_segment_groups", nil))) == 0 {
			t.Fatal("no segment groups after the burst")
		}
		if n := countRequests(tn, "GET", "/zia/api/v1/locations"); n < 3 {
			t.Errorf("the 429s were not retried: %d location requests", n)
		}
	})
}

func TestExpiredTokenMidSessionIsRefreshed(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env())
		ok(t, s, "zia_list_rule_labels", nil)
		tn.ExpireTokens()
		ok(t, s, "zia_list_rule_labels", nil)
		if n := countRequests(tn, "POST", "/oauth2/v1/token"); n != 2 {
			t.Errorf("%d token requests; want one at first use and one after the 401", n)
		}
	})
}

func TestServerErrorsRetryReadsButNeverWrites(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=*"))
		zpa := "/zpa/mgmtconfig/v1/admin/customers/" + tn.CustomerID() + "/segmentGroup"

		tn.InjectFault(sandbox.Fault{Method: "POST", PathPrefix: zpa, Status: 500, Count: 1})
		res := call(t, s, "zpa_create_segment_group", map[string]any{"name": "Never Twice"})
		if !res.IsError || !strings.Contains(text(res), "zpa_create_segment_group") || !strings.Contains(text(res), "500") {
			t.Fatalf("a 500 on create must be a tool error naming the tool and status: %s", text(res))
		}
		if n := countRequests(tn, "POST", zpa); n != 1 {
			t.Fatalf("the create was sent %d times; a write must never be re-sent after a 5xx", n)
		}
		for _, g := range rows(t, ok(t, s, "zpa_list_segment_groups", map[string]any{"search": "Never Twice"})) {
			if g["name"] == "Never Twice" {
				t.Fatal("the failed create left a group behind")
			}
		}

		tn.InjectFault(sandbox.Fault{Method: "GET", PathPrefix: zpa, Status: 503, Count: 1})
		ok(t, s, "zpa_list_segment_groups", nil)
	})
}

func TestAPIErrorsAreToolErrors(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env())
		res := call(t, s, "zpa_get_segment_group", map[string]any{"group_id": "1"})
		if !res.IsError || !strings.Contains(text(res), "zpa_get_segment_group") {
			t.Fatalf("missing group: %s", text(res))
		}
		res = call(t, s, "zpa_list_segment_groups", map[string]any{"page_size": 501})
		if !res.IsError || !strings.Contains(text(res), "page_size") {
			t.Fatalf("page_size 501: %s", text(res))
		}
	})
}

func TestSegmentGroupLifecycle(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=*"))
		created := ok(t, s, "zpa_create_segment_group", map[string]any{"name": "E2E Group", "description": "made by a test"})
		id, _ := created["id"].(string)
		if id == "" || created["name"] != "E2E Group" {
			t.Fatalf("created %v", created)
		}
		found := false
		for _, g := range rows(t, ok(t, s, "zpa_list_segment_groups", nil)) {
			found = found || g["id"] == id
		}
		if !found {
			t.Fatal("the created group is not listed")
		}
		updated := ok(t, s, "zpa_update_segment_group", map[string]any{"group_id": id, "enabled": false})
		if updated["enabled"] != false || updated["description"] != "made by a test" || updated["name"] != "E2E Group" {
			t.Fatalf("update lost fields or did not apply: %v", updated)
		}
		done := confirmedDelete(t, s, "zpa_delete_segment_group", map[string]any{"group_id": id})
		if done["deleted"] != true {
			t.Fatalf("delete result %v", done)
		}
		if res := call(t, s, "zpa_get_segment_group", map[string]any{"group_id": id}); !res.IsError {
			t.Fatal("the deleted group is still there")
		}
	})
}

func TestRuleLabelLifecycle(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=*"))
		created := ok(t, s, "zia_create_rule_label", map[string]any{"name": "e2e-label", "description": "keep"})
		id := jsonText(created["id"])
		updated := ok(t, s, "zia_update_rule_label", map[string]any{"label_id": id, "name": "e2e-label-2"})
		if updated["name"] != "e2e-label-2" || updated["description"] != "keep" {
			t.Fatalf("update %v", updated)
		}
		dup := call(t, s, "zia_create_rule_label", map[string]any{"name": "e2e-label-2"})
		if !dup.IsError || !strings.Contains(text(dup), "409") {
			t.Fatalf("duplicate label: %s", text(dup))
		}
		confirmedDelete(t, s, "zia_delete_rule_label", map[string]any{"label_id": id})
		for _, l := range rows(t, ok(t, s, "zia_list_rule_labels", nil)) {
			if jsonText(l["id"]) == id {
				t.Fatal("deleted label still listed")
			}
		}
	})
}
