package zpa

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// checkID refuses what cannot be a ZPA id: ZPA ids are decimal digits, sent
// and returned as strings.
func checkID(s string) error {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return fmt.Errorf("must be a ZPA id: decimal digits as a string, e.g. \"216196257331281920\", got %q", s)
	}
	return nil
}

func validID(v any) (map[string]any, error) { return nil, checkID(v.(string)) }

// id is a required path id, checked before anything is sent.
func id(name, what string) catalog.Param {
	p := catalog.PathID(name, what+" id (digits, as a string).")
	p.Build = validID
	return p
}

// refID sends one id as the body member wire (a bare id, as segmentGroupId is).
func refID(name, desc, wire string) catalog.Param {
	return catalog.Str(name, desc).Builds(func(v any) (map[string]any, error) {
		if err := checkID(v.(string)); err != nil {
			return nil, err
		}
		return map[string]any{wire: v}, nil
	})
}

// refIDs sends a list of ids as the API's reference objects, [{"id": ...}],
// under wire. An empty list clears the references.
func refIDs(name, desc, wire string) catalog.Param { return refList(name, desc, wire, false) }

// someRefIDs is refIDs for references the API needs at least one of.
func someRefIDs(name, desc, wire string) catalog.Param { return refList(name, desc, wire, true) }

func refList(name, desc, wire string, some bool) catalog.Param {
	return catalog.StrList(name, desc).Builds(func(v any) (map[string]any, error) {
		ids := v.([]string)
		if some && len(ids) == 0 {
			return nil, fmt.Errorf("must list at least one id")
		}
		refs := make([]map[string]any, 0, len(ids))
		for i, s := range ids {
			if err := checkID(s); err != nil {
				return nil, fmt.Errorf("element %d %w", i, err)
			}
			refs = append(refs, map[string]any{"id": s})
		}
		return map[string]any{wire: refs}, nil
	})
}

// portRanges takes ports as an agent writes them ("443", "8000-8080") and
// sends the API's range objects under <proto>PortRange, clearing the flat
// legacy form <proto>PortRanges so that the two never disagree.
func portRanges(proto, verb string) catalog.Param {
	desc := fmt.Sprintf("%s %s ports: each element one port (\"443\") or an inclusive range (\"8000-8080\"), 1-65535. "+
		"Sent as the API's %sPortRange objects.", verb, strings.ToUpper(proto), proto)
	return catalog.StrList(proto+"_port_ranges", desc).Builds(func(v any) (map[string]any, error) {
		var out []map[string]string
		for i, s := range v.([]string) {
			from, to, isRange := strings.Cut(strings.TrimSpace(s), "-")
			if !isRange {
				to = from
			}
			lo, err1 := port(from)
			hi, err2 := port(to)
			if err1 != nil || err2 != nil || lo > hi {
				return nil, fmt.Errorf("element %d is %q: each element must be a port 1-65535 (\"443\") or a range from-to (\"8000-8080\") with from <= to", i, s)
			}
			out = append(out, map[string]string{"from": strconv.Itoa(lo), "to": strconv.Itoa(hi)})
		}
		if out == nil {
			out = []map[string]string{}
		}
		return map[string]any{proto + "PortRange": out, proto + "PortRanges": []string{}}, nil
	})
}

func port(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("not a port")
	}
	return n, nil
}

// advanced lays fields the tool has no parameter for over the body, in the
// API's own names.
func advanced(example string) catalog.Param {
	return catalog.Obj("advanced", "Further fields of the record, in the API's own camelCase names, laid over the body "+
		"as given (e.g. "+example+"). Fields given here win over the parameters.").At(catalog.InBodyMore)
}
