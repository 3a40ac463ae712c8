// Package policy decides which tools a server exposes. It runs once at
// start-up, in one fixed order, and every tool it drops carries the reason.
package policy

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

// Services are every service name the configuration accepts, with or without
// tools in this build.
var Services = []zscaler.Service{
	zscaler.ZIA, zscaler.ZPA, zscaler.ZDX, zscaler.ZCC, zscaler.ZTW,
	zscaler.ZID, zscaler.EASM, zscaler.ZINS, zscaler.ZMS, zscaler.ZCELL,
}

// Config is the policy's input, straight from the configuration.
type Config struct {
	Services         []string // allow list; empty = all
	DisabledServices []string
	Toolsets         []string // allow list; empty = all
	DisabledToolsets []string
	DisabledTools    []string // globs; win over everything
	WriteEnabled     bool     // the master switch …
	WriteTools       []string // … and the glob allowlist: both are needed
	// Entitled, when not nil, is the set of services the tenant's token is
	// entitled to; tools of other services are dropped.
	Entitled []zscaler.Service
}

// Dropped is a tool the policy removed, why, and the setting that would
// bring it back (the first rule that removed it; another may follow).
type Dropped struct {
	Tool   *catalog.Tool
	Reason string
	Fix    string
}

// Resolution is the policy's outcome.
type Resolution struct {
	Tools    []*catalog.Tool // exposed, in catalogue order
	Dropped  []Dropped
	Warnings []string // each a complete sentence for one log line
}

// Resolve applies, in this order: disabled-tool globs; service allow and
// deny lists (deny wins); the entitlement downscope; toolset allow and deny
// lists (deny wins); the write gate (switch and allowlist together).
func Resolve(all []*catalog.Tool, cfg Config) *Resolution {
	r := &Resolution{}
	r.checkNames(all, cfg)
	r.checkWriteGate(cfg)

	allowSvc, denySvc := set(cfg.Services), set(cfg.DisabledServices)
	allowTS, denyTS := set(cfg.Toolsets), set(cfg.DisabledToolsets)
	var entitled map[string]bool
	if cfg.Entitled != nil {
		entitled = map[string]bool{}
		for _, s := range cfg.Entitled {
			entitled[string(s)] = true
		}
	}
	writeOK := cfg.WriteEnabled && len(cfg.WriteTools) > 0

	for _, t := range all {
		svc := string(t.Service)
		var reason, fix string
		switch {
		case matchAny(cfg.DisabledTools, t.Name) != "":
			g := matchAny(cfg.DisabledTools, t.Name)
			reason = fmt.Sprintf("disabled by the pattern %q (ZSCALER_MCP_DISABLED_TOOLS)", g)
			fix = fmt.Sprintf("remove %q from ZSCALER_MCP_DISABLED_TOOLS", g)
		case denySvc[svc]:
			reason = "service " + svc + " is disabled (ZSCALER_MCP_DISABLED_SERVICES)"
			fix = "remove " + svc + " from ZSCALER_MCP_DISABLED_SERVICES"
		case len(allowSvc) > 0 && !allowSvc[svc]:
			reason = "service " + svc + " is not in ZSCALER_MCP_SERVICES"
			fix = "add " + svc + " to ZSCALER_MCP_SERVICES"
		case entitled != nil && !entitled[svc]:
			reason = "the tenant's OneAPI token is not entitled to " + svc
			fix = "entitle the API client to " + svc + " in ZIdentity, or set ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER=true to keep the tools of services the token is not entitled to"
		case denyTS[t.Toolset]:
			reason = "toolset " + t.Toolset + " is disabled (ZSCALER_MCP_DISABLED_TOOLSETS)"
			fix = "remove " + t.Toolset + " from ZSCALER_MCP_DISABLED_TOOLSETS"
		case len(allowTS) > 0 && !allowTS[t.Toolset]:
			reason = "toolset " + t.Toolset + " is not in ZSCALER_MCP_TOOLSETS"
			fix = "add " + t.Toolset + " to ZSCALER_MCP_TOOLSETS"
		case t.Gated() && !cfg.WriteEnabled:
			reason = gatedWhy(t) + "write tools are disabled (ZSCALER_MCP_WRITE_ENABLED is off)"
			fix = "set ZSCALER_MCP_WRITE_ENABLED=true"
			if matchAny(cfg.WriteTools, t.Name) == "" {
				fix += " and add " + t.Name + " (or a glob matching it) to ZSCALER_MCP_WRITE_TOOLS"
			}
		case t.Gated() && !writeOK:
			reason = gatedWhy(t) + "no write tool is allowed: ZSCALER_MCP_WRITE_TOOLS is empty"
			fix = "add " + t.Name + " (or a glob matching it) to ZSCALER_MCP_WRITE_TOOLS"
		case t.Gated() && matchAny(cfg.WriteTools, t.Name) == "":
			reason = gatedWhy(t) + "not matched by ZSCALER_MCP_WRITE_TOOLS"
			fix = "add " + t.Name + " (or a glob matching it) to ZSCALER_MCP_WRITE_TOOLS"
		}
		if reason != "" {
			r.Dropped = append(r.Dropped, Dropped{Tool: t, Reason: reason, Fix: fix})
			continue
		}
		r.Tools = append(r.Tools, t)
	}
	return r
}

// gatedWhy says why a read is behind the write gate: it returns secrets.
func gatedWhy(t *catalog.Tool) string {
	if t.Action.IsWrite() {
		return ""
	}
	return "it returns secrets, so it is offered only as write tools are: "
}

// checkNames reports service and toolset names that match nothing, with the
// names that would: a typo must be visible, and must never crash the server.
func (r *Resolution) checkNames(all []*catalog.Tool, cfg Config) {
	knownSvc := make([]string, 0, len(Services))
	for _, s := range Services {
		knownSvc = append(knownSvc, string(s))
	}
	toolsets := map[string]bool{}
	for _, t := range all {
		toolsets[t.Toolset] = true
	}
	knownTS := make([]string, 0, len(toolsets))
	for ts := range toolsets {
		knownTS = append(knownTS, ts)
	}
	sort.Strings(knownTS)
	for _, list := range []struct {
		env   string
		names []string
		known []string
	}{
		{"ZSCALER_MCP_SERVICES", cfg.Services, knownSvc},
		{"ZSCALER_MCP_DISABLED_SERVICES", cfg.DisabledServices, knownSvc},
		{"ZSCALER_MCP_TOOLSETS", cfg.Toolsets, knownTS},
		{"ZSCALER_MCP_DISABLED_TOOLSETS", cfg.DisabledToolsets, knownTS},
	} {
		for _, n := range list.names {
			if !slices.Contains(list.known, n) {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s names %q, which is unknown; known: %s", list.env, n, strings.Join(list.known, ", ")))
			}
		}
	}
	names := make([]string, 0, len(all))
	for _, t := range all {
		names = append(names, t.Name)
	}
	for _, list := range []struct {
		env      string
		patterns []string
	}{{"ZSCALER_MCP_DISABLED_TOOLS", cfg.DisabledTools}, {"ZSCALER_MCP_WRITE_TOOLS", cfg.WriteTools}} {
		for _, p := range list.patterns {
			if _, err := path.Match(p, ""); err != nil {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s holds %q, which is not a valid glob (%v); it matches nothing", list.env, p, err))
			} else if matchAny([]string{p}, names...) == "" {
				r.Warnings = append(r.Warnings, fmt.Sprintf("%s holds %q, which matches no tool", list.env, p))
			}
		}
	}
}

// checkWriteGate says, in one line, when one write knob is set without the
// other: neither alone exposes a write tool.
func (r *Resolution) checkWriteGate(cfg Config) {
	switch {
	case cfg.WriteEnabled && len(cfg.WriteTools) == 0:
		r.Warnings = append(r.Warnings, "ZSCALER_MCP_WRITE_ENABLED is on but ZSCALER_MCP_WRITE_TOOLS is empty: no allowlist, so no write tool is exposed; set ZSCALER_MCP_WRITE_TOOLS to the globs of the write tools to allow, e.g. zpa_create_*")
	case !cfg.WriteEnabled && len(cfg.WriteTools) > 0:
		r.Warnings = append(r.Warnings, "ZSCALER_MCP_WRITE_TOOLS is set but write tools are disabled: ZSCALER_MCP_WRITE_ENABLED is off, so no write tool is exposed")
	}
}

// matchAny returns the first glob that matches one of names, or "".
func matchAny(globs []string, names ...string) string {
	for _, g := range globs {
		for _, n := range names {
			if ok, err := path.Match(g, n); err == nil && ok {
				return g
			}
		}
	}
	return ""
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[strings.TrimSpace(s)] = true
	}
	return m
}
