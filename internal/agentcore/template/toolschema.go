package template

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/zscaler-mcp/zscaler-mcp/internal/catalog"
	"github.com/zscaler-mcp/zscaler-mcp/internal/inventory"
	"github.com/zscaler-mcp/zscaler-mcp/internal/mcpserver"
	"github.com/zscaler-mcp/zscaler-mcp/internal/policy"
)

// PolicyConfig is the tool policy the runtime will apply, from the inputs:
// the same switches the container reads from its environment
// (ZSCALER_MCP_WRITE_ENABLED, ZSCALER_MCP_WRITE_TOOLS,
// ZSCALER_MCP_DISABLED_TOOLS, ZSCALER_MCP_DISABLED_SERVICES).
func (in Inputs) PolicyConfig() policy.Config {
	r, _ := in.Resolved()
	return policy.Config{
		WriteEnabled:     r.WriteEnabled,
		WriteTools:       r.WriteTools,
		DisabledTools:    r.DisabledTools,
		DisabledServices: r.DisabledServices,
	}
}

// Tools are the tools the runtime will expose, in catalogue order: the
// binary's own catalogue through the server's policy. The entitlement
// filter needs a token and is not applied (it only ever removes tools).
func (in Inputs) Tools() []*catalog.Tool {
	return policy.Resolve(inventory.All(), in.PolicyConfig()).Tools
}

// ToolSchema is the AgentCore Gateway target's tool schema: a JSON array
// of the MCP tool definitions the runtime's tools/list returns (name,
// description, inputSchema, annotations), indented, ending in a newline.
// It needs no network: it comes from the catalogue compiled into this
// binary, filtered by the same policy the server applies.
func (in Inputs) ToolSchema() ([]byte, error) {
	tools := in.Tools()
	if len(tools) == 0 {
		return nil, fmt.Errorf("the tool policy leaves no tool to expose (check ZSCALER_MCP_DISABLED_TOOLS and ZSCALER_MCP_DISABLED_SERVICES)")
	}
	defs := make([]*mcp.Tool, 0, len(tools))
	for _, t := range tools {
		defs = append(defs, mcpserver.Describe(t))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(defs); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// compactToolSchema is ToolSchema as one line, for the template.
func (in Inputs) compactToolSchema() (string, error) {
	s, err := in.ToolSchema()
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := json.Compact(&b, s); err != nil {
		return "", err
	}
	return b.String(), nil
}

// ToolSchemaKeyPrefix is where deploy puts tool schemas in its bucket.
const ToolSchemaKeyPrefix = "zscaler-mcp/tool-schema/"

// ToolSchemaKey is the content-addressed S3 key of a tool schema: its
// sha256, so that a changed schema is a new object (the target is updated
// because its URI changes) and an unchanged one is not uploaded again.
func ToolSchemaKey(schema []byte) string {
	sum := sha256.Sum256(schema)
	return ToolSchemaKeyPrefix + hex.EncodeToString(sum[:]) + ".json"
}
