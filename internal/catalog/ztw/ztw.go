// Package ztw declares the Cloud & Branch Connector tools (ZTW): the IP
// groups, network services, admins and public cloud accounts of the
// connectors' forwarding policy.
package ztw

import (
	"context"
	"fmt"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const api = "/ztw/api/v1"

// Tools is every ZTW tool, in catalogue order.
func Tools() []catalog.Tool {
	var out []catalog.Tool
	for _, family := range [][]catalog.Tool{ipGroups(), ipSourceGroups(), ipDestinationGroups(), networkServices(),
		admins(), publicCloud(), discovery()} {
		out = append(out, family...)
	}
	for i := range out {
		out[i].Service = zscaler.ZTW
		if out[i].Action.IsWrite() {
			out[i].Note = stagedNote
		}
	}
	return out
}

// stagedNote follows every write: ZTW, like ZIA, keeps changes pending
// until an admin activates them (zscaler-api.md §5.2).
const stagedNote = "NOTE: Cloud & Branch Connector stages this change: it takes effect only once the pending changes " +
	"are activated (in the admin portal, or by the ecAdminActivateStatus/activate API)."

// plain runs a write row's own HTTP work once its handler has checked the
// input (the staged note is the row's Note).
func plain(ctx context.Context, c *catalog.Call, args catalog.Args) (*catalog.Result, error) {
	return c.Exec.Run(ctx, c.Tool.Plain(), args)
}

// activation is what every write's description says about it.
const activation = " The change is staged: it applies once the pending ZTW changes are activated."

// search is the API's own name search.
func search(what string) catalog.Param {
	return catalog.Str("search", "Only "+what+" whose name contains this (matched by the API).").Query("search")
}

// liteOf is a list row's lite twin: the same records with fewer members.
func liteOf(full catalog.Tool, desc string) catalog.Tool {
	lite := full
	lite.Name += "_lite"
	lite.Path += "/lite"
	lite.Description = desc
	return lite
}

func deleteRow(name, path, what string) catalog.Tool {
	return catalog.Tool{
		Name: name, Toolset: "ztw", Action: catalog.Delete,
		Description: "Delete a ZTW " + what + " by id. Destructive; confirmation required: the user must confirm " +
			"before anything is deleted. The API refuses while a rule still uses it." + activation,
		Method: "DELETE", Path: path + "/{group_id}", Shape: catalog.Done,
		Params:  []catalog.Param{catalog.PathID("group_id", "Id of the "+what+" (a number).")},
		Handler: deleteByNumber,
	}
}

// deleteByNumber refuses an id that cannot be a ZTW id (they are numbers)
// before anything is sent: a name in its place would only meet a 404.
func deleteByNumber(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	id := strings.TrimSpace(c.Args["group_id"].(string))
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return nil, argError(fmt.Sprintf("group_id: a ZTW group id is a number (such as 6610001), got %q; list the groups to find it", id))
	}
	return plain(ctx, c, c.Args)
}
