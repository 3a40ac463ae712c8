package e2e

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// A URL category entry copied from a web page keeps the "&amp;" its tenant stored. An agent that reads the category
// and writes it back must not change the tenant's URL list, so the server returns it byte for byte; only what can hide
// an instruction is changed.
func TestURLCategoryEntriesComeBackAsStored(t *testing.T) {
	const entry = ".onedrive.live.com/?authkey=%21AHA8xq&amp;cid=0309B8E2&amp;id=0309B8E2%21105"
	const name = "R&amp;D file shares"
	each(t, func(t *testing.T, tr transport) {
		tn := newTenant(t)
		s := start(t, tr, tn.env())
		// The tenant's first custom category as the sandbox stores it, with an entry and a name such as a real
		// tenant holds, and a description with encoded markup that the sanitizer must still take out.
		cat := rows(t, ok(t, s, "zia_list_url_categories", map[string]any{"custom_only": true}))[0]
		cat["urls"] = append(cat["urls"].([]any), entry)
		cat["configuredName"] = name
		cat["description"] = "&lt;img src=x&gt;Shared with partners"
		var body bytes.Buffer
		enc := json.NewEncoder(&body)
		enc.SetEscapeHTML(false) // ZIA sends '&' and '<' as they are
		if err := enc.Encode([]any{cat}); err != nil {
			t.Fatal(err)
		}
		tn.InjectFault(sandbox.Fault{Method: "GET", PathPrefix: "/zia/api/v1/urlCategories", Status: 200, Body: body.String()})

		res := call(t, s, "zia_list_url_categories", map[string]any{"custom_only": true, "contains_url": "https://x.onedrive.live.com/"})
		if res.IsError {
			t.Fatal(text(res))
		}
		got := rows(t, res.StructuredContent.(map[string]any))
		if len(got) != 1 {
			t.Fatalf("%d categories for contains_url, want the one holding the entry: %v", len(got), got)
		}
		if urls := got[0]["urls"].([]any); !slices.Contains(urls, any(entry)) {
			t.Errorf("structuredContent lost the stored entry %q: %v", entry, urls)
		}
		if got[0]["configuredName"] != name {
			t.Errorf("configuredName %q, stored %q", got[0]["configuredName"], name)
		}
		if got[0]["description"] != "Shared with partners" {
			t.Errorf("description %q: the encoded markup must still be taken out", got[0]["description"])
		}
		for _, want := range []string{entry, name} {
			if !strings.Contains(text(res), want) {
				t.Errorf("the text content lost %q: %s", want, text(res))
			}
		}
	})
}

// contains_url answers "which of my categories lists this URL?" from the tenant's own entries, the way ZIA reads them.
func TestURLCategoriesContainingAURL(t *testing.T) {
	tn := newTenant(t)
	s := start(t, stdio, tn.env())
	all := rows(t, ok(t, s, "zia_list_url_categories", map[string]any{"type": "ALL"}))
	for _, url := range []string{"https://login.partners.example.com/sso", "partners.example.com", "supplier-portal.example.net", "example.org"} {
		host := strings.TrimPrefix(strings.SplitN(strings.TrimPrefix(url, "https://"), "/", 2)[0], "www.")
		var want []any
		for _, c := range all {
			for _, e := range c["urls"].([]any) {
				e := e.(string)
				if e == host || strings.HasPrefix(e, ".") && (host == e[1:] || strings.HasSuffix(host, e)) {
					want = append(want, c["id"])
					break
				}
			}
		}
		var got []any
		for _, c := range rows(t, ok(t, s, "zia_list_url_categories", map[string]any{"type": "ALL", "contains_url": url})) {
			got = append(got, c["id"])
		}
		if !slices.Equal(got, want) {
			t.Errorf("contains_url %q: categories %v, want %v", url, got, want)
		}
		if url != "example.org" && len(want) == 0 {
			t.Errorf("contains_url %q: the sandbox has no category with it, so this case tests nothing", url)
		}
	}
}
