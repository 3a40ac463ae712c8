package zia

import (
	"context"
	"strings"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/zscaler"
)

const activatePath = api + "/status/activate"

// stagedNote is what every ZIA write answers beside its result: ZIA keeps the
// change aside until the configuration is activated.
const stagedNote = "NOTE: ZIA has staged this change; it takes no effect until the configuration is activated. " +
	"When the related changes are done, call zia_activate_configuration (zia_get_activation_status shows whether changes are pending)."

// stagedDescription ends the description of every ZIA write that does not already say how it is activated.
const stagedDescription = " ZIA stages the change: it takes effect only after zia_activate_configuration."

func activation() []catalog.Tool {
	return []catalog.Tool{
		{
			Name: "zia_get_activation_status", Toolset: "zia_admin", Action: catalog.Read,
			Description: "Report whether ZIA configuration changes wait for activation: {\"status\":\"ACTIVE\"} when " +
				"everything saved is in effect, \"PENDING\" when changes are staged and not yet active, \"INPROGRESS\" " +
				"while an activation runs. Check it after ZIA writes and before zia_activate_configuration.",
			Method: "GET", Path: api + "/status", Shape: catalog.Record,
		},
		{
			Name: "zia_activate_configuration", Toolset: "zia_admin", Action: catalog.Update,
			Description: "Activate the staged ZIA configuration changes, so that they take effect in the Zscaler cloud. " +
				"Every ZIA create, update and delete is staged until this is called (ZIA may also activate by itself " +
				"after a period of admin inactivity). Activation applies the changes staged by this API client's " +
				"session, all of them at once, and returns the resulting status. Tell the user what will go live first.",
			Method: "POST", Path: activatePath, Shape: catalog.Record,
			Handler: activate,
		},
	}
}

// activate posts the empty object ZIA expects: a POST without a JSON body is refused.
func activate(ctx context.Context, c *catalog.Call) (*catalog.Result, error) {
	t := c.Tool
	resp, err := c.Exec.API.Do(ctx, &zscaler.Request{Service: t.Service, Method: t.Method, Path: t.Path, Body: map[string]any{}})
	if err != nil {
		return nil, err
	}
	return catalog.RecordResult(resp.Body), nil
}

// staged marks a write row as staged until activation: its answers say so,
// and so does its description. The activation itself is not staged.
func staged(t *catalog.Tool) {
	if !t.Action.IsWrite() || t.Path == activatePath {
		return
	}
	t.Note = stagedNote
	if !strings.Contains(t.Description, "zia_activate_configuration") {
		t.Description = strings.TrimSpace(t.Description) + stagedDescription
	}
}
