package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
)

// A deep trace and an analysis live as ZDX's do: started, in progress for a
// while, then completed; and gone once deleted (confirmed). Over stdio and HTTP.
func TestZDXTroubleshootingLifecycle(t *testing.T) {
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env("ZSCALER_MCP_WRITE_ENABLED=true", "ZSCALER_MCP_WRITE_TOOLS=zdx_*"))
		device := jsonText(rows(t, ok(t, s, "zdx_list_devices", map[string]any{}))[0]["id"])
		probes := rows(t, ok(t, s, "zdx_get_web_probes", map[string]any{"device_id": device, "app_id": "1"}))
		paths := rows(t, ok(t, s, "zdx_list_cloudpath_probes", map[string]any{"device_id": device, "app_id": "1"}))
		if len(probes) == 0 || len(paths) == 0 {
			t.Fatalf("device %s app 1: %d web probes, %d cloud path probes", device, len(probes), len(paths))
		}
		started := ok(t, s, "zdx_start_deeptrace", map[string]any{"device_id": device, "session_name": "Slow portal",
			"app_id": 1, "web_probe_id": probes[0]["id"], "cloudpath_probe_id": paths[0]["id"]})
		conformsTo(t, "zdx_start_deeptrace", started)
		id := jsonText(started["trace_id"])
		if id == "" || started["status"] != "in_progress" || started["session_length_minutes"] != float64(5) || started["probe_device"] != true {
			t.Fatalf("started trace: %v", started)
		}
		get := map[string]any{"device_id": device, "trace_id": id}
		if !slowly(func() bool { return ok(t, s, "zdx_get_device_deep_trace", get)["status"] == "completed" }) {
			t.Errorf("trace %s never completed", id)
		}
		found := false
		for _, tr := range rows(t, ok(t, s, "zdx_list_device_deep_traces", map[string]any{"device_id": device})) {
			found = found || jsonText(tr["trace_id"]) == id
		}
		if !found {
			t.Errorf("trace %s is not among the device's", id)
		}
		confirmedDelete(t, s, "zdx_delete_deeptrace", get)
		if res := call(t, s, "zdx_get_device_deep_trace", get); !res.IsError || !strings.Contains(text(res), "not found") {
			t.Errorf("after the delete: %s", text(res))
		}

		analysis := ok(t, s, "zdx_start_analysis", map[string]any{"device_id": device, "app_id": 1})
		conformsTo(t, "zdx_start_analysis", analysis)
		aid := jsonText(analysis["analysis_id"])
		if aid == "" || jsonText(analysis["device_id"]) != device || analysis["status"] != "in_progress" {
			t.Fatalf("started analysis: %v", analysis)
		}
		if _, isNumber := analysis["device_id"].(float64); !isNumber {
			t.Errorf("device_id went to the API as %T, not the number it expects", analysis["device_id"])
		}
		if !slowly(func() bool {
			a := ok(t, s, "zdx_get_analysis", map[string]any{"analysis_id": aid})
			conformsTo(t, "zdx_get_analysis", a)
			return a["status"] == "completed" && a["result"] != nil
		}) {
			t.Errorf("analysis %s never completed", aid)
		}
		confirmedDelete(t, s, "zdx_delete_analysis", map[string]any{"analysis_id": aid})
		if res := call(t, s, "zdx_get_analysis", map[string]any{"analysis_id": aid}); !res.IsError {
			t.Errorf("analysis %s after the delete: %s", aid, text(res))
		}

		before := countRequests(tn, "POST", "/zdx/v1/analysis")
		res := call(t, s, "zdx_start_analysis", map[string]any{"device_id": "laptop-7", "app_id": 1})
		if !res.IsError || !strings.Contains(text(res), "device_id") || countRequests(tn, "POST", "/zdx/v1/analysis") != before {
			t.Errorf("a device_id that is no id: %s", text(res))
		}
	})
}

// slowly polls a status every quarter second for up to 5 s: a poll is a tool call.
func slowly(cond func() bool) bool {
	for range 20 {
		if cond() {
			return true
		}
		time.Sleep(250 * time.Millisecond)
	}
	return false
}

// conformsTo checks a result against the outputSchema the named tool declares.
func conformsTo(t *testing.T, name string, sc map[string]any) {
	t.Helper()
	for _, tool := range inventory.All() {
		if tool.Name == name {
			if tool.Output == nil {
				t.Fatalf("%s declares no output schema", name)
			}
			conforms(t, tool, sc)
			return
		}
	}
	t.Fatalf("no tool %s", name)
}
