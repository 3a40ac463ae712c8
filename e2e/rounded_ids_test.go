package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// An id sent as a JSON number past 2^53 may have been rounded by a JavaScript
// client already; the server must refuse it before anything reaches the API,
// on reads, updates and deletes alike, whatever path the call takes.
func TestIdsAClientMayHaveRoundedAreRefusedBeforeAnyRequest(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=*"))
		rounded := json.Number("734512908613300400")
		calls := []struct {
			tool, param string
			args        map[string]any
		}{
			{"zpa_get_segment_group", "group_id", map[string]any{"group_id": rounded}},
			{"zpa_update_segment_group", "group_id", map[string]any{"group_id": rounded, "name": "renamed"}},
			{"zpa_delete_segment_group", "group_id", map[string]any{"group_id": rounded}},
			{"zia_delete_rule_label", "label_id", map[string]any{"label_id": json.Number("9007199254740993")}},
			{"zpa_delete_segment_group", "kwargs", map[string]any{"group_id": "7", "kwargs": map[string]any{"ids": []any{rounded}}}},
		}
		// The first call may fetch the token; count API requests only.
		apiRequests := func() int {
			n := 0
			for _, r := range tn.Requests() {
				if !strings.Contains(r.Path, "oauth2") && !strings.Contains(r.Path, "token") {
					n++
				}
			}
			return n
		}
		before := apiRequests()
		for _, c := range calls {
			res := call(t, s, c.tool, c.args)
			msg := text(res)
			if !res.IsError {
				t.Fatalf("%s with a rounded id was not refused: %s", c.tool, msg)
			}
			for _, want := range []string{c.param, "may not be the id that was meant", "pass it as a string"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s: error %q does not say %q", c.tool, msg, want)
				}
			}
		}
		if after := apiRequests(); after != before {
			t.Fatalf("%d request(s) reached the API for ids that were refused: %v", after-before, tn.Requests())
		}

		// A safe integer is still taken, and sent with the same digits.
		res := call(t, s, "zpa_get_segment_group", map[string]any{"group_id": json.Number("4503599627370495")})
		if !res.IsError || !strings.Contains(text(res), "resource.not.found") {
			t.Fatalf("a safe numeric id should reach the API (and miss): %s", text(res))
		}
		reqs := tn.Requests()
		if last := reqs[len(reqs)-1]; !strings.HasSuffix(last.Path, "/segmentGroup/4503599627370495") {
			t.Fatalf("the safe id was sent as %s", last.Path)
		}
	})
}
