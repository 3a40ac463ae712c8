package policy

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

func names(r *Resolution) map[string]bool {
	out := map[string]bool{}
	for _, t := range r.Tools {
		out[t.Name] = true
	}
	return out
}

func writes(r *Resolution) []string {
	var out []string
	for _, t := range r.Tools {
		if t.Action.IsWrite() {
			out = append(out, t.Name)
		}
	}
	return out
}

func warned(r *Resolution, words ...string) bool {
	for _, w := range r.Warnings {
		all := true
		for _, word := range words {
			all = all && strings.Contains(w, word)
		}
		if all {
			return true
		}
	}
	return false
}

func TestPolicy(t *testing.T) {
	all := inventory.All()
	reads := 0
	for _, tool := range all {
		if !tool.Action.IsWrite() {
			reads++
		}
	}
	cases := []struct {
		name  string
		cfg   Config
		check func(t *testing.T, r *Resolution)
	}{
		{"read-only by default", Config{}, func(t *testing.T, r *Resolution) {
			if len(writes(r)) != 0 || len(r.Tools) != reads {
				t.Fatalf("%d tools, writes %v", len(r.Tools), writes(r))
			}
		}},
		{"switch alone grants nothing", Config{WriteEnabled: true}, func(t *testing.T, r *Resolution) {
			if len(writes(r)) != 0 || !warned(r, "no allowlist") {
				t.Fatalf("writes %v warnings %v", writes(r), r.Warnings)
			}
		}},
		{"allowlist alone grants nothing", Config{WriteTools: []string{"zpa_create_*", "zpa_delete_*"}}, func(t *testing.T, r *Resolution) {
			if len(writes(r)) != 0 || !warned(r, "write tools are disabled") {
				t.Fatalf("writes %v warnings %v", writes(r), r.Warnings)
			}
		}},
		{"both knobs, the allowlist scopes", Config{WriteEnabled: true, WriteTools: []string{"zpa_create_*"}}, func(t *testing.T, r *Resolution) {
			n := names(r)
			if !n["zpa_create_segment_group"] || n["zpa_delete_segment_group"] || n["zia_create_rule_label"] {
				t.Fatalf("writes %v", writes(r))
			}
		}},
		{"star allows every write", Config{WriteEnabled: true, WriteTools: []string{"*"}}, func(t *testing.T, r *Resolution) {
			if len(r.Tools) != len(all) {
				t.Fatalf("%d of %d tools", len(r.Tools), len(all))
			}
		}},
		{"disabled patterns win over everything", Config{WriteEnabled: true, WriteTools: []string{"*"}, DisabledTools: []string{"zpa_list_*"}, Services: []string{"zpa"}, Toolsets: []string{"zpa_segment_groups"}}, func(t *testing.T, r *Resolution) {
			n := names(r)
			if n["zpa_list_segment_groups"] || !n["zpa_get_segment_group"] || !n["zpa_delete_segment_group"] {
				t.Fatalf("tools %v", n)
			}
		}},
		{"service allow list", Config{Services: []string{"zpa"}}, func(t *testing.T, r *Resolution) {
			for _, tool := range r.Tools {
				if tool.Service != zscaler.ZPA {
					t.Fatalf("%s exposed", tool.Name)
				}
			}
			if len(r.Tools) == 0 {
				t.Fatal("no zpa tools")
			}
		}},
		{"service deny wins", Config{Services: []string{"zia"}, DisabledServices: []string{"zia"}}, func(t *testing.T, r *Resolution) {
			if len(r.Tools) != 0 {
				t.Fatalf("%d tools", len(r.Tools))
			}
		}},
		{"toolsets", Config{Toolsets: []string{"zpa_segment_groups"}}, func(t *testing.T, r *Resolution) {
			n := names(r)
			if len(n) != 2 || !n["zpa_list_segment_groups"] || !n["zpa_get_segment_group"] {
				t.Fatalf("tools %v", n)
			}
		}},
		{"unknown toolset: zero tools, a warning naming it and the known ones", Config{Toolsets: []string{"does_not_exist"}}, func(t *testing.T, r *Resolution) {
			if len(r.Tools) != 0 || !warned(r, `"does_not_exist"`, "zpa_segment_groups") {
				t.Fatalf("%d tools, warnings %v", len(r.Tools), r.Warnings)
			}
		}},
		{"toolset deny wins", Config{Toolsets: []string{"zpa_segment_groups"}, DisabledToolsets: []string{"zpa_segment_groups"}}, func(t *testing.T, r *Resolution) {
			if len(r.Tools) != 0 {
				t.Fatalf("%d tools", len(r.Tools))
			}
		}},
		{"unknown service is reported, known services listed", Config{DisabledServices: []string{"zxx"}}, func(t *testing.T, r *Resolution) {
			if !warned(r, `"zxx"`, "zia, zpa") || len(r.Tools) != reads {
				t.Fatalf("warnings %v", r.Warnings)
			}
		}},
		{"entitlement removes even allowed writes", Config{Entitled: []zscaler.Service{zscaler.ZIA}, WriteEnabled: true, WriteTools: []string{"*"}}, func(t *testing.T, r *Resolution) {
			n := names(r)
			if !n["zia_list_locations"] || !n["zia_create_rule_label"] || n["zpa_list_segment_groups"] || n["zdx_list_devices"] {
				t.Fatalf("tools %v", n)
			}
		}},
		{"a glob that matches nothing is reported", Config{DisabledTools: []string{"zpa_lst_*"}}, func(t *testing.T, r *Resolution) {
			if !warned(r, "zpa_lst_*", "matches no tool") {
				t.Fatalf("warnings %v", r.Warnings)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Resolve(all, c.cfg)
			c.check(t, r)
			if len(r.Tools)+len(r.Dropped) != len(all) {
				t.Fatalf("%d kept + %d dropped != %d", len(r.Tools), len(r.Dropped), len(all))
			}
			for _, d := range r.Dropped {
				if d.Reason == "" {
					t.Fatalf("%s dropped without a reason", d.Tool.Name)
				}
			}
		})
	}
}

// Every write tool under every combination of the two write knobs.
func TestWriteGateOverTheWholeCatalogue(t *testing.T) {
	all := inventory.All()
	for _, enabled := range []bool{false, true} {
		for _, allow := range [][]string{nil, {"*"}, {"zia_*"}, {"*_delete_*"}} {
			r := Resolve(all, Config{WriteEnabled: enabled, WriteTools: allow})
			kept := names(r)
			for _, tool := range all {
				want := !tool.Action.IsWrite() || (enabled && matchAny(allow, tool.Name) != "")
				if kept[tool.Name] != want {
					t.Errorf("enabled=%v allow=%v: %s kept=%v", enabled, allow, tool.Name, kept[tool.Name])
				}
			}
		}
	}
}

func token(payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(payload)) + ".sig"
}

func TestReadEntitlement(t *testing.T) {
	e, err := ReadEntitlement(token(`{"service-info":[{"prd":"ZIA"},{"prd":"CLOUD_CONNECTOR"},{"prd":"ZIAM"},{"prd":"ZINSIGHTS"},{"prd":"ZQUANTUM"},{"prd":"zia"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []zscaler.Service{zscaler.ZIA, zscaler.ZID, zscaler.ZINS, zscaler.ZTW}
	if len(e.Services) != len(want) {
		t.Fatalf("services %v", e.Services)
	}
	for i := range want {
		if e.Services[i] != want[i] {
			t.Fatalf("services %v, want %v", e.Services, want)
		}
	}
	if len(e.Unknown) != 1 || e.Unknown[0] != "ZQUANTUM" {
		t.Fatalf("unknown %v", e.Unknown)
	}
	if e, err := ReadEntitlement(token(`{"serviceInfo":[{"prd":"ZPA"}]}`)); err != nil || e.Services[0] != zscaler.ZPA {
		t.Fatalf("serviceInfo spelling: %v %v", e, err)
	}
	for name, tok := range map[string]string{
		"not a JWT":        "abc",
		"bad base64":       "a.!!!.c",
		"no claim":         token(`{"sub":"x"}`),
		"claim not a list": token(`{"service-info":"ZIA"}`),
		"only unknown":     token(`{"service-info":[{"prd":"ZQUANTUM"}]}`),
	} {
		if _, err := ReadEntitlement(tok); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
