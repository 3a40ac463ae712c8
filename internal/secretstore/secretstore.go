// Package secretstore loads the server's settings (the Zscaler OneAPI
// credentials, the MCP auth settings and the write-tool switches) from an AWS
// Secrets Manager secret that holds them as a JSON object.
//
// It is the container side of the AgentCore deployment: the runtime's
// environment carries only ZSCALER_SECRET_NAME (and AWS_REGION), and the
// server reads the secret at startup. The log lines it writes are a contract
// (the deployment guide's verification and troubleshooting steps grep for
// them), so they are fixed strings; secret values are never logged, at any
// level, and never appear in an error.
//
// The caller passes a logger that carries the name [LoggerName] in every line
// (for instance INFO:zscaler_mcp.config:<message>): the guide's
// `grep -E "(config|secret|Secret)"` relies on the name to find the
// "Set environment variable" and "credentials injected" lines.
package secretstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// LoggerName is the name the caller's logger should carry in its output.
const LoggerName = "zscaler_mcp.config"

// Keys are the settings a secret may carry; anything else in the secret is
// named in a warning and ignored.
var Keys = []string{"ZSCALER_CLIENT_ID", "ZSCALER_CLIENT_SECRET", "ZSCALER_PRIVATE_KEY", "ZSCALER_VANITY_DOMAIN",
	"ZSCALER_CUSTOMER_ID", "ZSCALER_CLOUD", "ZCELL_CUSTOMER_ID", "ZSCALER_MCP_AUTH_API_KEY", "ZSCALER_MCP_AUTH_JWKS_URI", "ZSCALER_MCP_AUTH_ISSUER",
	"ZSCALER_MCP_AUTH_AUDIENCE", "ZSCALER_MCP_WRITE_ENABLED", "ZSCALER_MCP_WRITE_TOOLS", "ZSCALER_MCP_CONFIRMATION_KEYS"}

// SecretKeys are the keys whose values are secrets (for masking by callers).
var SecretKeys = map[string]bool{
	"ZSCALER_CLIENT_SECRET":         true,
	"ZSCALER_PRIVATE_KEY":           true,
	"ZSCALER_MCP_AUTH_API_KEY":      true,
	"ZSCALER_MCP_CONFIRMATION_KEYS": true,
}

// The exact log messages (see the package comment).
const (
	msgAttempting = "Attempting to fetch secret: %s from region: %s"
	msgRetrieved  = "Successfully retrieved and parsed secret from Secrets Manager"
	msgSetVar     = "Set environment variable: "
	msgInjected   = "Zscaler credentials injected into environment variables"
	msgNotConfig  = "ZSCALER_SECRET_NAME not set - using credentials from environment variables directly"
)

// NotConfiguredMessage is the line the caller logs (through the
// zscaler_mcp.config logger) when ZSCALER_SECRET_NAME is not set.
func NotConfiguredMessage() string { return msgNotConfig }

// GetSecretValueAPI is the part of *secretsmanager.Client that Load needs.
type GetSecretValueAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// DescribeSecretAPI is optional: when the client also implements it (the real
// client does), Version uses DescribeSecret, which does not transfer the
// secret value. Without it, or when the role may not call DescribeSecret,
// Version falls back to GetSecretValue.
type DescribeSecretAPI interface {
	DescribeSecret(ctx context.Context, in *secretsmanager.DescribeSecretInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
}

// Options configure Load, Version and New.
type Options struct {
	// SecretID is ZSCALER_SECRET_NAME: a secret name or a full ARN.
	SecretID string
	// Region: "" → AWS_REGION / AWS_DEFAULT_REGION / the shared profile's region.
	// When SecretID is an ARN, the ARN's region is used (a secret can only be
	// read through the endpoint of the region it lives in).
	Region string
	// Logger is the caller's zscaler_mcp.config logger; nil discards.
	Logger *slog.Logger
	// Client, for tests: nil → a real secretsmanager.Client configured from
	// the environment and the shared profile (awsconfig.go: the credential
	// chain, AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_MAX_ATTEMPTS, ...).
	Client GetSecretValueAPI
}

// Load fetches and parses the secret and returns the known keys' values
// (numbers → their decimal text, booleans → "true"/"false", nulls skipped,
// strings as is). It logs, at INFO, in this order:
//
//	Attempting to fetch secret: <SecretID> from region: <region>
//	Successfully retrieved and parsed secret from Secrets Manager
//	Set environment variable: <KEY>      (once per key taken, in Keys order)
//	Zscaler credentials injected into environment variables
//
// plus a WARN naming unknown keys. A failure is an *Error (also logged at
// ERROR) whose message names the cause and the fix.
func Load(ctx context.Context, opts Options) (map[string]string, error) {
	s, err := New(ctx, opts)
	if err != nil {
		return nil, err
	}
	return s.Load(ctx)
}

// Version reports the secret's current version id (AWSCURRENT), so that a
// caller can re-read the secret on a timer or after a 401 and swap
// credentials only when it changed. A long-lived caller should keep a Store
// (New) instead, which builds the AWS client once and remembers the version
// of the values it loaded (see Store.Refresh).
func Version(ctx context.Context, opts Options) (string, error) {
	s, err := New(ctx, opts)
	if err != nil {
		return "", err
	}
	return s.Version(ctx)
}

// Store reads one secret repeatedly with one client. It is safe for
// concurrent use.
type Store struct {
	id     string
	region string
	client GetSecretValueAPI
	log    *slog.Logger

	mu      sync.Mutex // guards version
	version string     // VersionId of the values the last successful Load returned

	refreshMu      sync.Mutex // serialises Refresh
	describeDenied atomic.Bool
}

// New resolves the region, builds the client (unless opts.Client is set) and
// returns a Store. It does not call AWS.
func New(ctx context.Context, opts Options) (*Store, error) {
	id := strings.TrimSpace(opts.SecretID)
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{id: id, log: log, client: opts.Client}
	if id == "" {
		return nil, s.fail(&Error{Kind: KindNotConfigured,
			Cause: "ZSCALER_SECRET_NAME is empty",
			Fix:   "set ZSCALER_SECRET_NAME to the secret's name or ARN, or unset it to use credentials from environment variables"})
	}
	arnRegion := regionFromARN(id)
	region := strings.TrimSpace(opts.Region)
	if arnRegion != "" && region != "" && arnRegion != region {
		log.Warn("Secret ARN is in region " + arnRegion + "; using it instead of region " + region)
	}
	if arnRegion != "" {
		region = arnRegion
	}
	if s.client != nil {
		if region == "" {
			if c, ok := s.client.(interface{ Options() secretsmanager.Options }); ok {
				region = c.Options().Region
			}
		}
		s.region = region
		return s, nil
	}
	cfg, opt, err := awsConfig(region)
	var unsupported *errUnsupportedSource
	if errors.As(err, &unsupported) {
		return nil, s.fail(&Error{Kind: KindCredentials, SecretID: id,
			Cause: "Failed to retrieve secret " + id + ": " + unsupported.what,
			Fix:   unsupported.fix,
			Err:   err})
	}
	if err != nil {
		return nil, s.fail(&Error{Kind: KindConfig, SecretID: id,
			Cause: "Failed to retrieve secret " + id + ": could not load the AWS configuration (" + trimDot(err.Error()) + ")",
			Fix:   "check AWS_PROFILE, AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, or unset them to use the execution role",
			Err:   err})
	}
	if cfg.Region == "" {
		return nil, s.fail(&Error{Kind: KindNoRegion, SecretID: id,
			Cause: "Failed to retrieve secret " + id + ": no AWS region is configured",
			Fix:   "set AWS_REGION to the region the secret lives in, or set ZSCALER_SECRET_NAME to the secret's full ARN"})
	}
	s.region = cfg.Region
	s.client = secretsmanager.NewFromConfig(cfg, opt)
	return s, nil
}

// SecretID returns the secret's name or ARN as configured.
func (s *Store) SecretID() string { return s.id }

// Region returns the region the secret is read from ("" when a test client
// does not say).
func (s *Store) Region() string { return s.region }

// LoadedVersion returns the version id of the values the last successful
// Load returned ("" before the first one).
func (s *Store) LoadedVersion() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// Load fetches and parses the secret (see the package-level Load).
func (s *Store) Load(ctx context.Context) (map[string]string, error) {
	region := s.region
	if region == "" {
		region = "(client default)"
	}
	s.log.Info(fmt.Sprintf(msgAttempting, s.id, region))
	out, err := s.client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(s.id)})
	if err != nil {
		return nil, s.fail(s.classify(err, "secretsmanager:GetSecretValue"))
	}
	if out == nil {
		out = &secretsmanager.GetSecretValueOutput{}
	}
	values, unknown, perr := parse(s.id, out.SecretString, out.SecretBinary)
	if perr != nil {
		return nil, s.fail(perr)
	}
	s.log.Info(msgRetrieved)
	if len(unknown) > 0 {
		s.log.Warn(fmt.Sprintf("Ignoring %d unrecognised key(s) in secret %s: %s. Only these are used: %s",
			len(unknown), s.id, strings.Join(unknown, ", "), strings.Join(Keys, ", ")))
	}
	if rerr := checkRequired(s.id, values, unknown); rerr != nil {
		return nil, s.fail(rerr)
	}
	for _, k := range Keys {
		if _, ok := values[k]; ok {
			s.log.Info(msgSetVar + k)
		}
	}
	s.log.Info(msgInjected)
	s.mu.Lock()
	s.version = aws.ToString(out.VersionId)
	s.mu.Unlock()
	return values, nil
}

// Version reports the secret's current (AWSCURRENT) version id: through
// DescribeSecret when the client offers it and the role may call it, else
// through GetSecretValue's VersionId. It logs nothing; a failure is an *Error.
func (s *Store) Version(ctx context.Context) (string, error) {
	if d, ok := s.client.(DescribeSecretAPI); ok && !s.describeDenied.Load() {
		out, err := d.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(s.id)})
		switch {
		case err == nil:
			if v := currentVersion(out); v != "" {
				return v, nil
			}
		case isAccessDenied(err):
			// The role may read the value but not describe the secret (the
			// seed's policy grants both; least-privilege ones may not).
			s.describeDenied.Store(true)
			s.log.Debug("DescribeSecret not allowed on secret " + s.id + "; checking its version with GetSecretValue")
		default:
			return "", s.classify(err, "secretsmanager:DescribeSecret")
		}
	}
	out, err := s.client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(s.id)})
	if err != nil {
		return "", s.classify(err, "secretsmanager:GetSecretValue")
	}
	if out == nil {
		return "", nil
	}
	return aws.ToString(out.VersionId), nil
}

// Refresh checks the secret's version and, when it differs from the version
// of the last loaded values (or either is unknown), loads the secret again.
// changed reports whether new values were loaded; on error the caller keeps
// its current credentials. Concurrent calls (a timer and a 401) are
// serialised.
func (s *Store) Refresh(ctx context.Context) (values map[string]string, changed bool, err error) {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	v, err := s.Version(ctx)
	if err != nil {
		return nil, false, err
	}
	old := s.LoadedVersion()
	if v != "" && v == old {
		return nil, false, nil
	}
	s.log.Info("Secret " + s.id + " has a new version; reloading it")
	values, err = s.Load(ctx)
	if err != nil {
		return nil, false, err
	}
	return values, true, nil
}

// fail logs e at ERROR (so that the failure is in the container log next to
// the lines the guide greps for) and returns it.
func (s *Store) fail(e *Error) error {
	s.log.Error(e.Error())
	return e
}

func currentVersion(out *secretsmanager.DescribeSecretOutput) string {
	if out == nil {
		return ""
	}
	ids := make([]string, 0, len(out.VersionIdsToStages))
	for id := range out.VersionIdsToStages {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for _, st := range out.VersionIdsToStages[id] {
			if st == "AWSCURRENT" {
				return id
			}
		}
	}
	return ""
}

// regionFromARN returns the region of arn:<partition>:secretsmanager:<region>:<account>:secret:<name>.
func regionFromARN(id string) string {
	p := strings.SplitN(id, ":", 7)
	if len(p) < 7 || p[0] != "arn" || p[2] != "secretsmanager" || p[5] != "secret" {
		return ""
	}
	return p[3]
}
