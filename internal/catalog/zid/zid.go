// Package zid declares the ZIdentity tools: the tenant's identity directory
// of users and groups, behind the OneAPI gateway.
package zid

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const api = "/ziam/admin/api/v1"

// Tools is every ZIdentity tool, in catalogue order.
func Tools() []catalog.Tool {
	out := append(users(), groups()...)
	for i := range out {
		out[i].Service = zscaler.ZID
	}
	return out
}

// paged is what every ZIdentity list says about its paging, and its
// offset and limit parameters.
const paged = " Without offset every page is read (ZIdentity pages at most 1000 records); with offset, one page."

func paging() []catalog.Param {
	return []catalog.Param{
		catalog.Int("offset", "Read only the page that starts at this record (0-based); a call that leaves records "+
			"unread says which offset comes next.").AtLeast(0).At(catalog.InOffset),
		catalog.Int("limit", "Records per page, 1-1000 (default 1000).").Range(1, 1000).At(catalog.InPageSize),
	}
}

// pick is the first record a by-name tool found: its id, and a note saying
// which record that was and how many matched, so that an agent can tell
// when the name was ambiguous.
func pick(res *catalog.Result, what, name string) (string, string, error) {
	if len(res.Records) == 0 {
		return "", "", fmt.Errorf("no ZIdentity %s matches %q", what, name)
	}
	var rec struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		LoginName   string `json:"loginName"`
		DisplayName string `json:"displayName"`
	}
	if err := json.Unmarshal(res.Records[0], &rec); err != nil || rec.ID == "" {
		return "", "", fmt.Errorf("the first %s matching %q has no id", what, name)
	}
	label := strings.TrimSpace(rec.Name + rec.LoginName)
	if rec.DisplayName != "" && rec.DisplayName != label {
		label += " (" + rec.DisplayName + ")"
	}
	note := fmt.Sprintf("NOTE: %q is the %s %s, id %s.", name, what, label, rec.ID)
	if n := len(res.Records); n > 1 {
		note = fmt.Sprintf("NOTE: %d %ss match %q; these records are for the first, %s, id %s. Pass another's id to the id tool for theirs.", n, what, name, label, rec.ID)
	}
	return rec.ID, note, nil
}

// members runs a membership row for the record a by-name tool resolved.
func members(ctx context.Context, c *catalog.Call, row *catalog.Tool, found *catalog.Result, what, idParam string) (*catalog.Result, error) {
	name := c.Args["name"].(string)
	id, note, err := pick(found, what, name)
	if err != nil {
		return nil, err
	}
	args := withOnly(c.Args, "offset", "limit")
	args[idParam] = id
	res, err := c.Exec.Run(ctx, row, args)
	if err != nil {
		return nil, err
	}
	res.Notes = append([]string{note}, res.Notes...)
	return res, nil
}

// withOnly is args without the members a resolution must not pass on.
func withOnly(args catalog.Args, keep ...string) catalog.Args {
	out := catalog.Args{}
	for _, k := range keep {
		if v, ok := args[k]; ok {
			out[k] = v
		}
	}
	return out
}
