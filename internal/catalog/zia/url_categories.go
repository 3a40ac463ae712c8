package zia

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
)

// urlLookupBatch is the most URLs ZIA classifies in one request.
const urlLookupBatch = 100

func urlCategories() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_list_url_categories", Toolset: "zia_url_categories", Action: catalog.Read,
			Description: "List ZIA URL categories, predefined and custom, with their URLs, keywords and IP ranges. " +
				"For Zscaler's own classification of a URL, use zia_url_lookup instead; to find which of the tenant's " +
				"categories list a URL, pass contains_url (with custom_only for custom ones) rather than reading every " +
				"category. The list is large: prefer custom_only, search or contains_url, and ask the user for scope " +
				"before an unfiltered call.",
			Method: "GET", Path: api + "/urlCategories",
			Params: []catalog.Param{
				catalog.Str("search", "Case-insensitive substring of the category's configured name or id; filters the records after they are read.").At(catalog.InFilter),
				catalog.Bool("custom_only", "Only custom (user-defined) categories.").Query("customOnly"),
				catalog.Str("type", "Category type.").OneOf("URL_CATEGORY", "TLD_CATEGORY", "ALL").Query("type"),
				catalog.Str("contains_url", "A URL or domain, e.g. \"https://app.box.com/files\": keep only the categories "+
					"with an entry in urls or dbCategorizedUrls whose host covers this URL's host, the way ZIA reads "+
					"entries: \".box.com\" covers box.com and its subdomains, \"box.com\" only box.com itself. Scheme, "+
					"port, path and case are ignored. Applied here to the records read; Zscaler's own classification "+
					"is not consulted.").At(catalog.InHandler),
			},
			Handler: listContainingURL,
		},
		{
			Name: "zia_url_lookup", Toolset: "zia_url_categories", Action: catalog.Read,
			Description: "Classify URLs or domains with Zscaler's predefined URL categories (and any security alert " +
				"categories). Use THIS for 'which category is example.com in?'. Custom categories are not reported " +
				"here: for those, use zia_list_url_categories with contains_url. Any number of URLs; they are sent 100 at a time.",
			Method: "POST", Path: api + "/urlLookup",
			Params: []catalog.Param{
				catalog.StrList("urls", "URLs or domains to classify, e.g. [\"example.com\", \"news.example.org/path\"].").Req().BodyRoot(),
			},
			Handler: lookupInBatches,
			Example: map[string]any{"urls": []string{"www.northwind.example.com", "malware.example.net"}},
		},
	}
}

// listContainingURL lists the categories and, when contains_url is given, keeps the ones with an entry covering it.
// ZIA has no such filter; without it an agent would read every category's URL lists to answer one question.
func listContainingURL(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	want, _ := c.Args["contains_url"].(string)
	host := strings.TrimLeft(hostOf(want), ".") // ".box.com" asked as a URL means box.com
	if strings.TrimSpace(want) != "" && host == "" {
		return nil, fmt.Errorf("contains_url %q has no host name; give a URL or domain such as app.example.com", want)
	}
	res, err := c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
	if err != nil || host == "" {
		return res, err
	}
	kept := res.Records[:0:0]
	for _, r := range res.Records {
		var cat struct {
			URLs   []string `json:"urls"`
			DBURLs []string `json:"dbCategorizedUrls"`
		}
		if json.Unmarshal(r, &cat) != nil {
			continue
		}
		if slices.ContainsFunc(append(cat.URLs, cat.DBURLs...), func(entry string) bool { return entryCovers(entry, host) }) {
			kept = append(kept, r)
		}
	}
	res.Records = kept
	return res, nil
}

// hostOf reduces a URL or a category entry to its lower-case host, without scheme, user, port, path or trailing dot;
// "" when it has none. The leading '.' of an entry is kept: it is part of what the entry means.
func hostOf(raw string) string {
	h := strings.ToLower(strings.TrimSpace(raw))
	if _, rest, ok := strings.Cut(h, "://"); ok {
		h = rest
	}
	// Only the authority is parsed: an entry's path may hold anything the tenant pasted, valid escapes or not.
	h, _, _ = strings.Cut(h, "/")
	h, _, _ = strings.Cut(h, "?")
	h, _, _ = strings.Cut(h, "#")
	u, err := url.Parse("//" + h)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Hostname(), ".")
}

// entryCovers reports whether a category entry applies to host. ZIA reads a leading '.' as "this domain and its
// subdomains" and an entry without one as that host only, so ".box.com" covers app.box.com and box.com, "box.com"
// covers box.com, and neither covers notbox.com.
func entryCovers(entry, host string) bool {
	e := hostOf(entry)
	if domain, ok := strings.CutPrefix(e, "."); ok {
		return domain != "" && (host == domain || strings.HasSuffix(host, e))
	}
	return e != "" && host == e
}

// lookupInBatches sends the URLs in batches ZIA accepts and returns one list.
func lookupInBatches(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	urls := c.Args["urls"].([]string)
	if len(urls) == 0 {
		return nil, fmt.Errorf("urls is empty; give at least one URL or domain")
	}
	var all []json.RawMessage
	for start := 0; start < len(urls); start += urlLookupBatch {
		end := min(start+urlLookupBatch, len(urls))
		res, err := c.Exec.Run(ctx, c.Tool.Plain(), catalog.Args{"urls": urls[start:end]})
		if err != nil {
			return nil, err
		}
		all = append(all, res.Records...)
	}
	return catalog.RecordsResult(all), nil
}
