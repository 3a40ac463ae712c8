package policy

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
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
		if !tool.Gated() {
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
				if !strings.Contains(d.Fix, "ZSCALER_MCP_") {
					t.Fatalf("%s dropped (%s) without the setting that brings it back: %q", d.Tool.Name, d.Reason, d.Fix)
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
				want := !tool.Gated() || (enabled && matchAny(allow, tool.Name) != "")
				if kept[tool.Name] != want {
					t.Errorf("enabled=%v allow=%v: %s kept=%v", enabled, allow, tool.Name, kept[tool.Name])
				}
			}
		}
	}
}

// A read that returns secrets is behind the write gate, says so when
// dropped, and stays a read.
func TestSecretReadsAreGatedAsWrites(t *testing.T) {
	all := inventory.All()
	var secrets []string
	for _, tool := range all {
		if tool.Secret {
			secrets = append(secrets, tool.Name)
			if tool.Action != catalog.Read {
				t.Errorf("%s is a %s; a secret read stays a read", tool.Name, tool.Action)
			}
		}
	}
	if len(secrets) == 0 {
		t.Fatal("no tool is marked Secret; zcc_get_device_otp should be")
	}
	r := Resolve(all, Config{})
	for _, d := range r.Dropped {
		if d.Tool.Secret && !strings.Contains(d.Reason, "secrets") {
			t.Errorf("%s dropped for %q, which does not say it returns secrets", d.Tool.Name, d.Reason)
		}
	}
	if kept := names(Resolve(all, Config{WriteEnabled: true, WriteTools: []string{"zcc_get_device_otp"}})); !kept["zcc_get_device_otp"] {
		t.Error("zcc_get_device_otp is not offered with writes on and its name allowed")
	}
	if kept := names(Resolve(all, Config{WriteEnabled: true, WriteTools: []string{"zcc_list_*"}})); kept["zcc_get_device_otp"] {
		t.Error("zcc_get_device_otp is offered without its name on the write allowlist")
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

// Each rule that drops a tool names the setting that brings it back, and
// following that advice does.
func TestDroppedToolsSayWhatBringsThemBack(t *testing.T) {
	all := inventory.All()
	for _, c := range []struct {
		tool       string
		cfg, fixed Config
		fix        string
	}{
		{"zpa_create_segment_group", Config{}, Config{WriteEnabled: true, WriteTools: []string{"zpa_create_segment_group"}},
			"set ZSCALER_MCP_WRITE_ENABLED=true and add zpa_create_segment_group (or a glob matching it) to ZSCALER_MCP_WRITE_TOOLS"},
		{"zpa_create_segment_group", Config{WriteTools: []string{"zpa_*"}}, Config{WriteEnabled: true, WriteTools: []string{"zpa_*"}},
			"set ZSCALER_MCP_WRITE_ENABLED=true"},
		{"zpa_create_segment_group", Config{WriteEnabled: true}, Config{WriteEnabled: true, WriteTools: []string{"zpa_create_*"}},
			"ZSCALER_MCP_WRITE_TOOLS"},
		{"zpa_create_segment_group", Config{WriteEnabled: true, WriteTools: []string{"zia_*"}}, Config{WriteEnabled: true, WriteTools: []string{"zia_*", "zpa_create_segment_group"}},
			"add zpa_create_segment_group (or a glob matching it) to ZSCALER_MCP_WRITE_TOOLS"},
		{"zpa_list_segment_groups", Config{DisabledTools: []string{"zpa_list_*"}}, Config{},
			`remove "zpa_list_*" from ZSCALER_MCP_DISABLED_TOOLS`},
		{"zpa_list_segment_groups", Config{DisabledServices: []string{"zpa"}}, Config{},
			"remove zpa from ZSCALER_MCP_DISABLED_SERVICES"},
		{"zpa_list_segment_groups", Config{Services: []string{"zia"}}, Config{Services: []string{"zia", "zpa"}},
			"add zpa to ZSCALER_MCP_SERVICES"},
		{"zpa_list_segment_groups", Config{Entitled: []zscaler.Service{zscaler.ZIA}}, Config{},
			"ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true"},
		{"zpa_list_segment_groups", Config{DisabledToolsets: []string{"zpa_segment_groups"}}, Config{},
			"remove zpa_segment_groups from ZSCALER_MCP_DISABLED_TOOLSETS"},
		{"zpa_list_segment_groups", Config{Toolsets: []string{"zia_locations"}}, Config{Toolsets: []string{"zia_locations", "zpa_segment_groups"}},
			"add zpa_segment_groups to ZSCALER_MCP_TOOLSETS"},
	} {
		var got *Dropped
		for _, d := range Resolve(all, c.cfg).Dropped {
			if d.Tool.Name == c.tool {
				got = &d
			}
		}
		if got == nil {
			t.Errorf("%+v: %s not dropped", c.cfg, c.tool)
			continue
		}
		if !strings.Contains(got.Fix, c.fix) {
			t.Errorf("%+v: fix %q, want it to say %q", c.cfg, got.Fix, c.fix)
		}
		if !names(Resolve(all, c.fixed))[c.tool] {
			t.Errorf("%+v: the advice (%s) does not bring %s back", c.fixed, got.Fix, c.tool)
		}
	}
}
