package template

// The template is checked against the CloudFormation resource
// specification of the npm package @aws-cdk/aws-service-spec (types,
// properties, required flags, enums, GetAtt attributes). The database path
// comes from CFN_SPEC_DB; without it the test runs scripts/cfn-spec.sh,
// which fetches the pinned version into a cache outside the repository.

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

type specType struct {
	Type          string     `json:"type"`
	AllowedValues []any      `json:"allowedValues"`
	Element       *specType  `json:"element"`
	Types         []specType `json:"types"`
	Reference     *struct {
		Ref string `json:"$ref"`
	} `json:"reference"`
}

type specProp struct {
	Type     specType `json:"type"`
	Required bool     `json:"required"`
}

type specResource struct {
	ID         string                     `json:"$id"`
	Type       string                     `json:"cloudFormationType"`
	Properties map[string]specProp        `json:"properties"`
	Attributes map[string]json.RawMessage `json:"attributes"`
}

type specTypeDef struct {
	ID         string              `json:"$id"`
	Name       string              `json:"name"`
	Properties map[string]specProp `json:"properties"`
}

type cfnSpec struct {
	resources map[string]*specResource
	types     map[string]*specTypeDef
}

var (
	specOnce   sync.Once
	specLoaded *cfnSpec
	specErr    error
)

// loadSpec reads the spec database once per test binary.
func loadSpec(t *testing.T) *cfnSpec {
	t.Helper()
	specOnce.Do(func() {
		path := os.Getenv("CFN_SPEC_DB")
		if path == "" {
			script, err := filepath.Abs("../../../scripts/cfn-spec.sh")
			if err != nil {
				specErr = err
				return
			}
			out, err := exec.Command("bash", script).Output()
			if err != nil {
				stderr := ""
				if ee, ok := err.(*exec.ExitError); ok {
					stderr = string(ee.Stderr)
				}
				specErr = fmt.Errorf("CFN_SPEC_DB is not set and scripts/cfn-spec.sh failed (%v): %s\nset CFN_SPEC_DB to the db.json.gz of @aws-cdk/aws-service-spec", err, stderr)
				return
			}
			path = strings.TrimSpace(string(out))
		}
		specLoaded, specErr = readSpec(path)
	})
	if specErr != nil {
		t.Fatal(specErr)
	}
	return specLoaded
}

func readSpec(path string) (*cfnSpec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("CloudFormation spec: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("CloudFormation spec %s: %w", path, err)
	}
	var db struct {
		Schema struct {
			Resource struct {
				Entities []*specResource `json:"entities"`
			} `json:"resource"`
			TypeDefinition struct {
				Entities []*specTypeDef `json:"entities"`
			} `json:"typeDefinition"`
		} `json:"schema"`
	}
	if err := json.NewDecoder(zr).Decode(&db); err != nil {
		return nil, fmt.Errorf("CloudFormation spec %s: %w", path, err)
	}
	s := &cfnSpec{resources: map[string]*specResource{}, types: map[string]*specTypeDef{}}
	for _, r := range db.Schema.Resource.Entities {
		s.resources[r.Type] = r
	}
	for _, td := range db.Schema.TypeDefinition.Entities {
		s.types[td.ID] = td
	}
	if len(s.resources) < 1000 || s.resources["AWS::BedrockAgentCore::Runtime"] == nil {
		return nil, fmt.Errorf("CloudFormation spec %s: %d resource types and no AWS::BedrockAgentCore::Runtime: not the database expected", path, len(s.resources))
	}
	return s, nil
}

var pseudoParams = map[string]bool{"AWS::Region": true, "AWS::AccountId": true, "AWS::Partition": true, "AWS::URLSuffix": true,
	"AWS::StackName": true, "AWS::StackId": true, "AWS::NoValue": true, "AWS::NotificationARNs": true}

// checker validates one parsed template. With conds set it checks the
// template as CloudFormation sees it for one set of parameter values:
// resources whose condition is false are gone, Fn::If is resolved and
// AWS::NoValue removed, so required properties and references are checked
// as deployed.
type checker struct {
	spec   *cfnSpec
	tmpl   map[string]any
	params map[string]map[string]any
	res    map[string]map[string]any
	conds  map[string]bool // nil: check every branch
	errs   []string
}

func (c *checker) errorf(path, format string, a ...any) {
	c.errs = append(c.errs, path+": "+fmt.Sprintf(format, a...))
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// checkTemplate runs every check; conds nil = the raw template.
func checkTemplate(s *cfnSpec, tmpl map[string]any, conds map[string]bool) []string {
	c := &checker{spec: s, tmpl: tmpl, params: map[string]map[string]any{}, res: map[string]map[string]any{}, conds: conds}
	for k := range tmpl {
		if !slices.Contains([]string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs"}, k) {
			c.errorf(k, "not a template section")
		}
	}
	for name, p := range asMap(tmpl["Parameters"]) {
		c.params[name] = asMap(p)
	}
	for id, r := range asMap(tmpl["Resources"]) {
		c.res[id] = asMap(r)
	}
	c.checkParameters()
	c.checkConditions()
	c.checkRules()
	ids := make([]string, 0, len(c.res))
	for id := range c.res {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c.checkResource(id, c.res[id])
	}
	for name, o := range asMap(tmpl["Outputs"]) {
		om := asMap(o)
		path := "Outputs." + name
		if cond, ok := om["Condition"].(string); ok {
			c.needCondition(path, cond)
			if c.conds != nil && !c.conds[cond] {
				continue
			}
		}
		if _, ok := om["Value"]; !ok {
			c.errorf(path, "no Value")
		}
		c.walkRefs(path+".Value", c.resolve(om["Value"]))
	}
	sort.Strings(c.errs)
	return c.errs
}

func (c *checker) checkParameters() {
	for name, p := range c.params {
		path := "Parameters." + name
		typ, _ := p["Type"].(string)
		if typ != "String" && typ != "CommaDelimitedList" && typ != "Number" && !strings.HasPrefix(typ, "AWS::") && !strings.HasPrefix(typ, "List<") {
			c.errorf(path, "unknown parameter type %q", typ)
		}
		def, hasDef := p["Default"].(string)
		if av, ok := p["AllowedValues"].([]any); ok && hasDef && !slices.ContainsFunc(av, func(x any) bool { return fmt.Sprint(x) == def }) {
			c.errorf(path, "default %q is not an allowed value", def)
		}
		if pat, ok := p["AllowedPattern"].(string); ok {
			re, err := regexp.Compile(pat)
			if err != nil {
				c.errorf(path, "AllowedPattern %q: %v", pat, err)
			} else if hasDef {
				items := []string{def}
				if typ == "CommaDelimitedList" {
					items = strings.Split(def, ",")
				}
				for _, it := range items {
					if !re.MatchString(it) {
						c.errorf(path, "default %q does not match its AllowedPattern", it)
					}
				}
			}
		}
	}
}

// Condition and rule functions.
var conditionFns = map[string]bool{"Fn::And": true, "Fn::Or": true, "Fn::Not": true, "Fn::Equals": true, "Condition": true}

func (c *checker) checkConditions() {
	for name, expr := range asMap(c.tmpl["Conditions"]) {
		c.checkConditionExpr("Conditions."+name, expr, false)
	}
}

func (c *checker) checkRules() {
	for name, r := range asMap(c.tmpl["Rules"]) {
		path := "Rules." + name
		rm := asMap(r)
		if rc, ok := rm["RuleCondition"]; ok {
			c.checkConditionExpr(path+".RuleCondition", rc, true)
		}
		asserts, _ := rm["Assertions"].([]any)
		if len(asserts) == 0 {
			c.errorf(path, "no Assertions")
		}
		for i, a := range asserts {
			am := asMap(a)
			if _, ok := am["AssertDescription"].(string); !ok {
				c.errorf(fmt.Sprintf("%s.Assertions[%d]", path, i), "no AssertDescription")
			}
			c.checkConditionExpr(fmt.Sprintf("%s.Assertions[%d].Assert", path, i), am["Assert"], true)
		}
	}
}

// checkConditionExpr: only condition functions at the top; values may be
// Ref to parameters (and, in conditions, Fn::Join/Fn::Select of them).
func (c *checker) checkConditionExpr(path string, expr any, rule bool) {
	fn, arg, ok := intrinsic(expr)
	if !ok {
		c.errorf(path, "not a condition function: %v", expr)
		return
	}
	allowed := conditionFns[fn] || (rule && (fn == "Fn::EachMemberEquals" || fn == "Fn::Contains" || fn == "Fn::EachMemberIn"))
	if !allowed || (rule && fn == "Condition") {
		c.errorf(path, "%s is not allowed here", fn)
		return
	}
	switch fn {
	case "Condition":
		name, _ := arg.(string)
		c.needCondition(path, name)
	case "Fn::Equals", "Fn::EachMemberEquals", "Fn::Contains":
		for _, v := range arg.([]any) {
			c.checkConditionValue(path, v, rule)
		}
	default:
		args, _ := arg.([]any)
		if (fn == "Fn::And" || fn == "Fn::Or") && (len(args) < 2 || len(args) > 10) {
			c.errorf(path, "%s takes 2 to 10 conditions, not %d", fn, len(args))
		}
		for _, a := range args {
			c.checkConditionExpr(path, a, rule)
		}
	}
}

func (c *checker) checkConditionValue(path string, v any, rule bool) {
	fn, arg, ok := intrinsic(v)
	if !ok {
		return
	}
	switch {
	case fn == "Ref":
		name, _ := arg.(string)
		if _, isParam := c.params[name]; !isParam && !pseudoParams[name] {
			c.errorf(path, "Ref %s: conditions and rules may only refer to parameters", name)
		}
	case !rule && (fn == "Fn::Join" || fn == "Fn::Select" || fn == "Fn::FindInMap"):
		for _, a := range arg.([]any) {
			c.checkConditionValue(path, a, rule)
		}
	default:
		c.errorf(path, "%s is not allowed in a condition value", fn)
	}
}

func (c *checker) needCondition(path, name string) {
	if _, ok := asMap(c.tmpl["Conditions"])[name]; !ok {
		c.errorf(path, "unknown condition %q", name)
	}
}

func (c *checker) active(id string) bool {
	r, ok := c.res[id]
	if !ok {
		return false
	}
	if cond, ok := r["Condition"].(string); ok && c.conds != nil {
		return c.conds[cond]
	}
	return true
}

func (c *checker) checkResource(id string, r map[string]any) {
	path := "Resources." + id
	for k := range r {
		if !slices.Contains([]string{"Type", "Properties", "Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata"}, k) {
			c.errorf(path, "unknown resource attribute %s", k)
		}
	}
	if cond, ok := r["Condition"].(string); ok {
		c.needCondition(path, cond)
	}
	if !c.active(id) {
		return
	}
	typ, _ := r["Type"].(string)
	sr, ok := c.spec.resources[typ]
	if !ok {
		c.errorf(path, "resource type %q does not exist in the CloudFormation specification", typ)
		return
	}
	deps := r["DependsOn"]
	if s, ok := deps.(string); ok {
		deps = []any{s}
	}
	for _, d := range asList(deps) {
		if ds, _ := d.(string); !c.active(ds) {
			c.errorf(path, "DependsOn %v: no such (active) resource", d)
		}
	}
	props := c.resolve(r["Properties"])
	if _, isNo := props.(noValueT); isNo || props == nil {
		props = map[string]any{}
	}
	c.checkObject(path+".Properties", props, sr.Properties)
}

func asList(v any) []any { l, _ := v.([]any); return l }

// resolve applies Fn::If and AWS::NoValue when conditions are known.
func (c *checker) resolve(v any) any {
	if c.conds == nil {
		return v
	}
	if fn, arg, ok := intrinsic(v); ok {
		if fn == "Fn::If" {
			args := asList(arg)
			if len(args) == 3 {
				name, _ := args[0].(string)
				if c.conds[name] {
					return c.resolve(args[1])
				}
				return c.resolve(args[2])
			}
		}
		if fn == "Ref" && arg == "AWS::NoValue" {
			return noValueT{}
		}
		return v // other intrinsics stay symbolic
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, it := range x {
			if r := c.resolve(it); !isNoValue(r) {
				out[k] = r
			}
		}
		return out
	case []any:
		out := []any{}
		for _, it := range x {
			if r := c.resolve(it); !isNoValue(r) {
				out = append(out, r)
			}
		}
		return out
	}
	return v
}

func isNoValue(v any) bool { _, ok := v.(noValueT); return ok }

// checkObject checks a property mapping against its spec properties.
func (c *checker) checkObject(path string, v any, props map[string]specProp) {
	m, ok := v.(map[string]any)
	if !ok {
		c.errorf(path, "expected an object, got %T", v)
		return
	}
	for k, val := range m {
		p, known := props[k]
		if !known {
			c.errorf(path, "unknown property %s", k)
			c.walkRefs(path+"."+k, val)
			continue
		}
		c.checkValue(path+"."+k, val, p.Type)
	}
	for name, p := range props {
		if _, present := m[name]; p.Required && !present {
			c.errorf(path, "missing required property %s", name)
		}
	}
}

func (c *checker) checkValue(path string, v any, t specType) {
	if fn, arg, ok := intrinsic(v); ok {
		c.checkIntrinsic(path, fn, arg, t)
		return
	}
	switch t.Type {
	case "string", "date-time":
		s, ok := v.(string)
		if !ok {
			c.errorf(path, "expected a string, got %T (%v)", v, v)
			return
		}
		c.checkEnum(path, s, t)
	case "integer", "number":
		switch x := v.(type) {
		case int, int64, float64, uint64:
			c.checkEnum(path, fmt.Sprint(x), t)
		case string:
			if _, err := strconv.ParseFloat(x, 64); err != nil {
				c.errorf(path, "expected a number, got %q", x)
			}
		default:
			c.errorf(path, "expected a number, got %T", v)
		}
	case "boolean":
		switch x := v.(type) {
		case bool:
		case string:
			if x != "true" && x != "false" {
				c.errorf(path, "expected a boolean, got %q", x)
			}
		default:
			c.errorf(path, "expected a boolean, got %T", v)
		}
	case "json":
		c.walkRefs(path, v)
	case "tag":
		m, ok := v.(map[string]any)
		if !ok {
			c.errorf(path, "expected a tag {Key, Value}, got %T", v)
			return
		}
		c.checkObject(path, m, map[string]specProp{"Key": {Type: specType{Type: "string"}, Required: true}, "Value": {Type: specType{Type: "string"}, Required: true}})
	case "array":
		l, ok := v.([]any)
		if !ok {
			c.errorf(path, "expected a list, got %T", v)
			return
		}
		for i, it := range l {
			c.checkValue(fmt.Sprintf("%s[%d]", path, i), it, *t.Element)
		}
	case "map":
		m, ok := v.(map[string]any)
		if !ok {
			c.errorf(path, "expected a map, got %T", v)
			return
		}
		for k, it := range m {
			c.checkValue(path+"."+k, it, *t.Element)
		}
	case "ref":
		td, ok := c.spec.types[t.Reference.Ref]
		if !ok {
			c.errorf(path, "the specification has no type %s", t.Reference.Ref)
			return
		}
		c.checkObject(path, v, td.Properties)
	case "union":
		var best []string
		for i, alt := range t.Types {
			sub := &checker{spec: c.spec, tmpl: c.tmpl, params: c.params, res: c.res, conds: c.conds}
			sub.checkValue(path, v, alt)
			if len(sub.errs) == 0 {
				return
			}
			if i == 0 || len(sub.errs) < len(best) {
				best = sub.errs
			}
		}
		c.errs = append(c.errs, best...)
	default:
		c.errorf(path, "unhandled specification type %q", t.Type)
	}
}

func (c *checker) checkEnum(path, s string, t specType) {
	if len(t.AllowedValues) == 0 {
		return
	}
	for _, a := range t.AllowedValues {
		if fmt.Sprint(a) == s {
			return
		}
	}
	c.errorf(path, "%q is not one of %v", s, t.AllowedValues)
}

// checkIntrinsic checks a function in a property: the references it makes,
// and that what it yields can be of the property's type.
func (c *checker) checkIntrinsic(path, fn string, arg any, t specType) {
	switch fn {
	case "Fn::If":
		args := asList(arg)
		if len(args) != 3 {
			c.errorf(path, "Fn::If takes 3 arguments")
			return
		}
		name, _ := args[0].(string)
		c.needCondition(path, name)
		for i, branch := range args[1:] {
			if isNoValueRef(branch) {
				continue
			}
			c.checkValue(fmt.Sprintf("%s(Fn::If branch %d)", path, i+1), branch, t)
		}
		return
	case "Ref":
		name, _ := arg.(string)
		c.walkRefs(path, map[string]any{"Ref": name})
		if p, ok := c.params[name]; ok {
			isList := p["Type"] == "CommaDelimitedList" || strings.HasPrefix(fmt.Sprint(p["Type"]), "List<")
			if wantList := t.Type == "array"; isList != wantList && t.Type != "json" && t.Type != "union" {
				c.errorf(path, "Ref %s (%s) where a %s is expected", name, p["Type"], t.Type)
			}
		}
		return
	case "Fn::Join", "Fn::Sub", "Fn::Select", "Fn::GetAtt", "Fn::Base64", "Fn::FindInMap", "Fn::ImportValue":
		if (fn == "Fn::Join" || fn == "Fn::Sub") && (t.Type == "array" || t.Type == "ref" || t.Type == "map") {
			c.errorf(path, "%s yields a string where a %s is expected", fn, t.Type)
		}
	case "Fn::Split", "Fn::GetAZs", "Fn::Cidr":
		if t.Type != "array" && t.Type != "json" {
			c.errorf(path, "%s yields a list where a %s is expected", fn, t.Type)
		}
	default:
		c.errorf(path, "%s cannot be used in a property", fn)
	}
	c.walkRefs(path, map[string]any{fn: arg})
}

func isNoValueRef(v any) bool {
	fn, arg, ok := intrinsic(v)
	return ok && fn == "Ref" && arg == "AWS::NoValue"
}

var subVarRE = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// walkRefs checks every Ref, Fn::GetAtt, Fn::Sub variable and Fn::If
// condition inside a value.
func (c *checker) walkRefs(path string, v any) {
	switch x := v.(type) {
	case []any:
		for _, it := range x {
			c.walkRefs(path, it)
		}
		return
	case map[string]any:
	default:
		return
	}
	fn, arg, ok := intrinsic(v)
	if !ok {
		for k, it := range v.(map[string]any) {
			c.walkRefs(path+"."+k, it)
		}
		return
	}
	switch fn {
	case "Ref":
		name, _ := arg.(string)
		c.needName(path, name)
	case "Fn::GetAtt":
		var res, attr string
		switch a := arg.(type) {
		case string:
			res, attr, _ = strings.Cut(a, ".")
		case []any:
			if len(a) == 2 {
				res, _ = a[0].(string)
				attr, _ = a[1].(string)
			}
		}
		c.needAttribute(path, res, attr)
	case "Fn::Sub":
		tmpl := ""
		vars := map[string]any{}
		switch a := arg.(type) {
		case string:
			tmpl = a
		case []any:
			if len(a) == 2 {
				tmpl, _ = a[0].(string)
				vars = asMap(a[1])
				for _, val := range vars {
					c.walkRefs(path, val)
				}
			}
		}
		for _, m := range subVarRE.FindAllStringSubmatch(tmpl, -1) {
			name := m[1]
			if _, ok := vars[name]; ok {
				continue
			}
			if res, attr, dotted := strings.Cut(name, "."); dotted && !strings.HasPrefix(name, "AWS::") {
				c.needAttribute(path, res, attr)
			} else {
				c.needName(path, name)
				if p, ok := c.params[name]; ok && p["Type"] == "CommaDelimitedList" {
					c.errorf(path, "Fn::Sub ${%s}: a list parameter cannot be substituted", name)
				}
			}
		}
	case "Fn::If":
		args := asList(arg)
		if len(args) == 3 {
			name, _ := args[0].(string)
			c.needCondition(path, name)
			c.walkRefs(path, args[1])
			c.walkRefs(path, args[2])
		}
	default:
		c.walkRefs(path, arg)
	}
}

func (c *checker) needName(path, name string) {
	if pseudoParams[name] {
		return
	}
	if _, ok := c.params[name]; ok {
		return
	}
	if _, ok := c.res[name]; ok {
		if !c.active(name) {
			c.errorf(path, "Ref %s: the resource is not created with these parameters", name)
		}
		return
	}
	c.errorf(path, "Ref %s: no such parameter, resource or pseudo parameter", name)
}

func (c *checker) needAttribute(path, res, attr string) {
	r, ok := c.res[res]
	if !ok {
		c.errorf(path, "Fn::GetAtt %s.%s: no such resource", res, attr)
		return
	}
	if !c.active(res) {
		c.errorf(path, "Fn::GetAtt %s.%s: the resource is not created with these parameters", res, attr)
	}
	typ, _ := r["Type"].(string)
	sr, ok := c.spec.resources[typ]
	if !ok {
		return // reported by checkResource
	}
	if _, ok := sr.Attributes[attr]; !ok {
		c.errorf(path, "Fn::GetAtt %s.%s: %s has no attribute %s", res, attr, typ, attr)
	}
}
