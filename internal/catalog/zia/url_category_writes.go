package zia

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const urlCategory = api + "/urlCategories/{category_id}"

// predefinedCategory is the path of the predefined-category tools: name is
// the category's id or display name, resolved to its id before anything is sent.
const predefinedCategory = api + "/urlCategories/{name}"

// categoryListMembers are the URL category members advanced may give as lists (or their JSON text).
var categoryListMembers = []string{"dbCategorizedUrls", "keywordsRetainingParentCategory", "ipRangesRetainingParentCategory"}

func urlCategoryWrites() []catalog.Tool {
	id := catalog.PathID("category_id", "URL category id: CUSTOM_nn for a custom category, the name in capitals (FINANCE) for a predefined one.")
	lists := func() []catalog.Param {
		return []catalog.Param{
			catalog.StrList("urls", "URLs and domains of the category, e.g. [\".northwind.example.com\", \"app.example.net/files\"] "+
				"(a leading dot covers the subdomains). This REPLACES the category's list: to add or remove a few, use "+
				"zia_add_urls_to_category or zia_remove_urls_from_category.").Body("urls"),
			catalog.Str("description", "Category description.").Body("description"),
			catalog.StrList("keywords", "Keywords that put a URL in the category (replaces the list).").Body("keywords"),
			catalog.StrList("ip_ranges", "IP addresses and CIDR ranges of the category (replaces the list; the feature must be enabled on the tenant).").Body("ipRanges"),
			catalog.Obj("advanced", "Other members, in the API's names or snake_case: dbCategorizedUrls (URLs that stay in "+
				"their own category too), keywordsRetainingParentCategory, ipRangesRetainingParentCategory; lists may be JSON text.").At(catalog.InBodyMore),
		}
	}
	incremental := func(verb string) []catalog.Param {
		return []catalog.Param{
			id,
			catalog.Str("configured_name", "The category's configured name, which the API requires with the change.").Req().Body("configuredName"),
			catalog.StrList("urls", "URLs or domains to "+verb+", e.g. [\"files.northwind.example.com\"]; a JSON list as text is accepted.").Req().Body("urls").Converted(nonEmpty),
		}
	}
	name := catalog.PathID("name", "The predefined category's id (FINANCE) or display name (Finance, Web Search), in any case.")
	return []catalog.Tool{
		{
			Name: "zia_get_url_category", Toolset: "zia_url_categories", Action: catalog.Read,
			Description: "Get one ZIA URL category by id, custom or predefined, with its URLs, keywords, IP ranges and counts.",
			Method:      "GET", Path: urlCategory, Shape: catalog.Record,
			Params: []catalog.Param{id},
		},
		{
			Name: "zia_get_url_category_predefined", Toolset: "zia_url_categories", Action: catalog.Read, Part: "predefined",
			Description: "Get one of Zscaler's predefined URL categories by its id (FINANCE) or display name (Finance), " +
				"in any case, with the URLs, keywords and IP ranges the tenant added to it. A custom category is refused: " +
				"use zia_get_url_category for those.",
			Method: "GET", Path: predefinedCategory, Shape: catalog.Record,
			Params:  []catalog.Param{name},
			Handler: getPredefined,
		},
		{
			Name: "zia_create_url_category", Toolset: "zia_url_categories", Action: catalog.Create,
			Description: "Create a custom ZIA URL category under a super category, with its URLs, keywords and IP ranges. " +
				"ZIA gives it an id CUSTOM_nn; URL filtering and other rules refer to it by that id.",
			Method: "POST", Path: api + "/urlCategories", Shape: catalog.Record,
			Params: append([]catalog.Param{
				catalog.Str("configured_name", "Category name, unique in the tenant.").Req().Body("configuredName"),
				catalog.Str("super_category", "The super category it belongs to, e.g. BUSINESS_AND_ECONOMY, USER_DEFINED.").Req().Body("superCategory"),
			}, lists()...),
			Complete: customCategory(true),
			Example: map[string]any{"configured_name": "Catalogue Test Category", "super_category": "USER_DEFINED",
				"urls": []string{".partners.northwind.example.com"}, "advanced": map[string]any{"db_categorized_urls": `[".portal.example.net"]`}},
		},
		{
			Name: "zia_update_url_category", Toolset: "zia_url_categories", Action: catalog.Update,
			Description: "Update a custom ZIA URL category. The API replaces the whole category, so the current one is " +
				"read first and the members not given keep their values; urls, keywords and ip_ranges, when given, " +
				"replace those lists. A predefined category is refused: use zia_update_url_category_predefined.",
			Method: "PUT", Path: urlCategory, Merge: urlCategory, Shape: catalog.Record,
			Params: append([]catalog.Param{id,
				catalog.Str("configured_name", "Category name (give the current one to keep it).").Req().Body("configuredName"),
			}, lists()...),
			Complete: customCategory(false),
			Example:  map[string]any{"configured_name": "Catalogue Test Category", "description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_update_url_category_predefined", Toolset: "zia_url_categories", Action: catalog.Update, Part: "predefined",
			Description: "Update one of Zscaler's predefined URL categories, found by id or display name: the URLs, " +
				"keywords and IP ranges the tenant adds to it, and its description. The current category is read first " +
				"and the members not given keep their values; urls, keywords and ip_ranges, when given, replace those " +
				"lists (to add or remove a few URLs, use zia_add_urls_to_category or zia_remove_urls_from_category).",
			Method: "PUT", Path: predefinedCategory, Merge: predefinedCategory, Shape: catalog.Record,
			Params: append([]catalog.Param{name,
				catalog.Str("configured_name", "Display name; the current one when not given.").Body("configuredName"),
			}, lists()...),
			Handler:  updatePredefined,
			Complete: categoryMembers,
			Example:  map[string]any{"description": "Changed by the catalogue-wide test"},
		},
		{
			Name: "zia_add_urls_to_category", Toolset: "zia_url_categories", Action: catalog.Update,
			Description: "Add URLs or domains to a ZIA URL category, custom or predefined, through the API's incremental " +
				"action: the URLs already in it stay. Returns the category as saved.",
			Method: "PUT", Path: urlCategory, Fixed: listEdit("ADD_TO_LIST"), Shape: catalog.Record,
			Params:  incremental("add"),
			Example: map[string]any{"configured_name": "Web Search", "urls": []string{"search.northwind.example.com"}},
		},
		{
			Name: "zia_remove_urls_from_category", Toolset: "zia_url_categories", Action: catalog.Update,
			Description: "Remove URLs or domains from a ZIA URL category, custom or predefined, through the API's " +
				"incremental action: the others stay. Returns the category as saved.",
			Method: "PUT", Path: urlCategory, Fixed: listEdit("REMOVE_FROM_LIST"), Shape: catalog.Record,
			Params:  incremental("remove"),
			Example: map[string]any{"configured_name": "Web Search", "urls": []string{"search.northwind.example.com"}},
		},
		{
			Name: "zia_delete_url_category", Toolset: "zia_url_categories", Action: catalog.Delete,
			Description: "Delete a custom ZIA URL category. Destructive; confirmation required: the user must confirm " +
				"before anything is deleted. Predefined categories cannot be deleted and are refused; ZIA refuses a " +
				"category that rules still use.",
			Method: "DELETE", Path: urlCategory, Shape: catalog.Done,
			Params:  []catalog.Param{id},
			Handler: deleteCustomCategory,
		},
	}
}

// categoryMembers puts advanced's members in the API's names, with its lists
// given as JSON text decoded.
func categoryMembers(args catalog.Args, body map[string]any) error {
	more, _ := args["advanced"].(map[string]any)
	var problems []string
	for _, k := range slices.Sorted(maps.Keys(more)) {
		name, v := camel(k), more[k]
		delete(body, k)
		if slices.Contains(categoryListMembers, name) {
			list, err := listOf(v)
			if err != nil {
				problems = append(problems, fmt.Sprintf("advanced.%s: %v", k, err))
				continue
			}
			v = list
		}
		body[name] = v
	}
	if len(problems) > 0 {
		return &catalog.ArgError{Problems: problems}
	}
	return nil
}

// customCategory completes a custom category's body: a create marks it
// custom; an update, which sees the category as read, refuses a predefined one.
func customCategory(create bool) func(catalog.Args, map[string]any) error {
	return func(args catalog.Args, body map[string]any) error {
		if create {
			body["customCategory"] = true
		} else if body["customCategory"] != true {
			return fmt.Errorf("%s is a predefined URL category: replacing it whole would discard Zscaler's own "+
				"definition; use zia_update_url_category_predefined, or zia_add_urls_to_category and "+
				"zia_remove_urls_from_category", args["category_id"])
		}
		return categoryMembers(args, body)
	}
}

// getPredefined reads a predefined category by id or display name.
func getPredefined(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	rec, _, err := resolvePredefined(ctx, c)
	if err != nil {
		return nil, err
	}
	return catalog.RecordResult(rec), nil
}

// updatePredefined resolves the category's id, then reads, merges and writes it.
func updatePredefined(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	_, id, err := resolvePredefined(ctx, c)
	if err != nil {
		return nil, err
	}
	args := maps.Clone(c.Args)
	args["name"] = id
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}

// resolvePredefined finds the predefined category the name argument means:
// the category with that id, or else the predefined one whose id, display
// name or configured name it is, ignoring case ("web search" is WEB_SEARCH).
func resolvePredefined(ctx context.Context, c *catalog.Call) (json.RawMessage, string, error) {
	name := strings.TrimSpace(c.Args["name"].(string))
	get := catalog.Tool{Name: c.Tool.Name, Service: zscaler.ZIA, Method: "GET", Path: predefinedCategory, Shape: catalog.Record,
		Params: []catalog.Param{catalog.PathID("name", "id")}}
	var apiErr *zscaler.APIError
	res, err := c.Exec.Run(ctx, &get, catalog.Args{"name": strings.ToUpper(name)})
	var found json.RawMessage
	switch {
	case err == nil:
		found = res.Record
	case !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound && apiErr.Status != http.StatusBadRequest:
		return nil, "", err
	default: // not an id: look through the predefined categories
		list := catalog.Tool{Name: c.Tool.Name, Service: zscaler.ZIA, Method: "GET", Path: api + "/urlCategories"}
		all, err := c.Exec.Run(ctx, &list, catalog.Args{})
		if err != nil {
			return nil, "", err
		}
		for _, r := range all.Records {
			var cat struct {
				ID, ConfiguredName string
				CustomCategory     bool
			}
			if json.Unmarshal(r, &cat) == nil && !cat.CustomCategory && (sameName(cat.ID, name) || strings.EqualFold(cat.ConfiguredName, name)) {
				found = r
				break
			}
		}
		if found == nil {
			return nil, "", fmt.Errorf("no predefined URL category has the id or name %q; give its id (FINANCE) or display name (Finance), or list them with zia_list_url_categories", name)
		}
	}
	var cat struct {
		ID             string `json:"id"`
		CustomCategory bool   `json:"customCategory"`
	}
	if err := json.Unmarshal(found, &cat); err != nil || cat.ID == "" {
		return nil, "", fmt.Errorf("the API answered a URL category without an id for %q", name)
	}
	if cat.CustomCategory {
		return nil, "", fmt.Errorf("%s is a custom URL category, not a predefined one: use zia_get_url_category or zia_update_url_category", cat.ID)
	}
	return found, cat.ID, nil
}

// sameName reports whether a display name ("Web Search", "web-search") names a category id (WEB_SEARCH).
func sameName(id, name string) bool {
	return strings.EqualFold(id, strings.NewReplacer(" ", "_", "-", "_").Replace(name))
}

// deleteCustomCategory reads the category first: a predefined one cannot be deleted.
func deleteCustomCategory(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	get := catalog.Tool{Name: c.Tool.Name, Service: zscaler.ZIA, Method: "GET", Path: urlCategory, Shape: catalog.Record,
		Params: []catalog.Param{catalog.PathID("category_id", "id")}}
	res, err := c.Exec.Run(ctx, &get, c.Args)
	if err != nil {
		return nil, err
	}
	var cat struct {
		CustomCategory bool `json:"customCategory"`
	}
	if json.Unmarshal(res.Record, &cat); !cat.CustomCategory {
		return nil, fmt.Errorf("%s is a predefined URL category; predefined categories cannot be deleted", c.Args["category_id"])
	}
	return c.Exec.Run(ctx, c.Tool.Plain(), c.Args)
}
