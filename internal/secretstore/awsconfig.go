package secretstore

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// The AWS configuration of the Secrets Manager client is resolved here rather
// than by the SDK's config.LoadDefaultConfig, which links the STS, SSO,
// SSO-OIDC and sign-in clients of every credential source the SDK knows
// (about 0.6 MB of the image compressed, and their package initialisation at
// every start). The sources a server reading its secret runs with are kept,
// through the SDK's own providers, in the SDK's order:
//
//  1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN);
//  2. the shared profile (AWS_PROFILE, else "default") of AWS_CONFIG_FILE and
//     AWS_SHARED_CREDENTIALS_FILE: static keys or credential_process;
//  3. the container credentials endpoint (ECS, EKS Pod Identity:
//     AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI);
//  4. the instance metadata service (EC2, and the microVM metadata service
//     through which AgentCore Runtime hands out the execution role).
//
// Profiles that need STS, IAM Identity Center or the sign-in service (role_arn,
// sso_*, login_session, web identity tokens) are refused with the command
// that turns them into credentials this chain reads.

// awsConfig builds the client configuration for the secret's region ("" →
// AWS_REGION, AWS_DEFAULT_REGION, the profile's region), and the client
// options of AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT.
func awsConfig(region string) (cfg aws.Config, opt func(*secretsmanager.Options), err error) {
	profileName, explicit := envFirst("AWS_PROFILE", "AWS_DEFAULT_PROFILE"), true
	if profileName == "" {
		profileName, explicit = "default", false
	}
	prof, found, err := readProfile(profileName)
	if err != nil {
		return cfg, nil, err
	}
	if explicit && !found {
		return cfg, nil, fmt.Errorf("the AWS profile %q (AWS_PROFILE) is in neither %s nor %s", profileName, configFile(), credentialsFile())
	}

	cfg.Region = region
	if cfg.Region == "" {
		cfg.Region = firstNonEmpty(envFirst("AWS_REGION", "AWS_DEFAULT_REGION"), prof["region"])
	}
	if !isTrue(firstNonEmpty(os.Getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), prof["ignore_configured_endpoint_urls"])) {
		if ep := firstNonEmpty(envFirst("AWS_ENDPOINT_URL_SECRETS_MANAGER", "AWS_ENDPOINT_URL"), prof["endpoint_url"]); ep != "" {
			cfg.BaseEndpoint = aws.String(ep)
		}
	}
	if v := firstNonEmpty(os.Getenv("AWS_MAX_ATTEMPTS"), prof["max_attempts"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return cfg, nil, fmt.Errorf("AWS_MAX_ATTEMPTS (or max_attempts) is %q, not a positive integer", v)
		}
		cfg.RetryMaxAttempts = n
	}
	if v := firstNonEmpty(os.Getenv("AWS_RETRY_MODE"), prof["retry_mode"]); v != "" {
		mode, err := aws.ParseRetryMode(v)
		if err != nil {
			return cfg, nil, fmt.Errorf("AWS_RETRY_MODE (or retry_mode): %w", err)
		}
		cfg.RetryMode = mode
	}
	if path := firstNonEmpty(os.Getenv("AWS_CA_BUNDLE"), prof["ca_bundle"]); path != "" {
		client, err := caBundleClient(path)
		if err != nil {
			return cfg, nil, err
		}
		cfg.HTTPClient = client
	}
	fips := isTrue(firstNonEmpty(os.Getenv("AWS_USE_FIPS_ENDPOINT"), prof["use_fips_endpoint"]))
	dual := isTrue(firstNonEmpty(os.Getenv("AWS_USE_DUALSTACK_ENDPOINT"), prof["use_dualstack_endpoint"]))
	opt = func(o *secretsmanager.Options) {
		if fips {
			o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
		}
		if dual {
			o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
		}
	}
	cfg.Credentials, err = credentialSource(profileName, prof, cfg.HTTPClient)
	return cfg, opt, err
}

// errUnsupportedSource is a credential source of the SDK's chain that this
// one does not resolve; its message names the fix.
type errUnsupportedSource struct{ what, fix string }

func (e *errUnsupportedSource) Error() string { return e.what }

// credentialSource picks the provider the way the SDK's default chain does.
func credentialSource(name string, prof map[string]string, client aws.HTTPClient) (aws.CredentialsProvider, error) {
	if id, secret := envFirst("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"), envFirst("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"); id != "" && secret != "" {
		return credentials.NewStaticCredentialsProvider(id, secret, os.Getenv("AWS_SESSION_TOKEN")), nil
	}
	export := `export the credentials into the environment before starting the server: eval "$(aws configure export-credentials --profile ` +
		name + ` --format env)", or point AWS_PROFILE at a profile with credential_process = aws configure export-credentials --profile ` +
		name + ` --format process`
	if os.Getenv("AWS_WEB_IDENTITY_TOKEN_FILE") != "" {
		return nil, &errUnsupportedSource{
			what: "AWS_WEB_IDENTITY_TOKEN_FILE is set (a web identity token, such as EKS IAM roles for service accounts), which needs AWS STS; this server does not call STS",
			fix:  "on EKS use EKS Pod Identity (its container credentials endpoint is read), on other platforms their role or metadata credentials, or set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN",
		}
	}
	unsupported := func(what string) error {
		return &errUnsupportedSource{what: "the AWS profile " + strconv.Quote(name) + " " + what + "; this server reads static keys, credential_process, the container credentials endpoint and instance metadata", fix: export}
	}
	switch {
	case prof["role_arn"] != "":
		return nil, unsupported("assumes the role " + prof["role_arn"] + " (role_arn), which needs AWS STS")
	case prof["aws_access_key_id"] != "" && prof["aws_secret_access_key"] != "":
		return credentials.NewStaticCredentialsProvider(prof["aws_access_key_id"], prof["aws_secret_access_key"], prof["aws_session_token"]), nil
	case prof["web_identity_token_file"] != "":
		return nil, unsupported("uses a web identity token (web_identity_token_file), which needs AWS STS")
	case prof["sso_session"] != "" || prof["sso_start_url"] != "" || prof["sso_account_id"] != "":
		return nil, unsupported("signs in through IAM Identity Center (sso_session / sso_start_url)")
	case prof["login_session"] != "":
		return nil, unsupported("signs in with aws login (login_session)")
	case prof["credential_process"] != "":
		return aws.NewCredentialsCache(processcreds.NewProvider(prof["credential_process"])), nil
	}
	if path := os.Getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); path != "" {
		return containerProvider("http://169.254.170.2"+path, client), nil
	}
	if full := os.Getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"); full != "" {
		if err := checkContainerURI(full); err != nil {
			return nil, err
		}
		return containerProvider(full, client), nil
	}
	return aws.NewCredentialsCache(ec2rolecreds.New(func(o *ec2rolecreds.Options) {
		o.Client = imds.New(imds.Options{HTTPClient: client, EndpointMode: imdsMode()})
	})), nil
}

func imdsMode() imds.EndpointModeState {
	if strings.EqualFold(os.Getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"), "IPv6") {
		return imds.EndpointModeStateIPv6
	}
	return imds.EndpointModeStateUnset
}

func containerProvider(endpoint string, client aws.HTTPClient) aws.CredentialsProvider {
	p := endpointcreds.New(endpoint, func(o *endpointcreds.Options) {
		if client != nil {
			o.HTTPClient = client
		}
		o.AuthorizationToken = os.Getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN")
		if file := os.Getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); file != "" {
			o.AuthorizationTokenProvider = endpointcreds.TokenProviderFunc(func() (string, error) {
				b, err := os.ReadFile(file)
				if err != nil {
					return "", fmt.Errorf("reading the container authorization token: %w", err)
				}
				return strings.TrimSpace(string(b)), nil
			})
		}
	})
	return aws.NewCredentialsCache(p, func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = 5 * time.Minute })
}

// checkContainerURI applies the SDK's rule: over plain HTTP, only loopback and
// the ECS and EKS credential addresses.
func checkContainerURI(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return fmt.Errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI %q is not a URL with a host", raw)
	}
	if u.Scheme != "http" {
		return nil
	}
	allowed := func(ip net.IP) bool {
		return ip.IsLoopback() || ip.Equal(net.IPv4(169, 254, 170, 2)) || ip.Equal(net.IPv4(169, 254, 170, 23)) || ip.Equal(net.ParseIP("fd00:ec2::23"))
	}
	addrs := []string{u.Hostname()}
	if net.ParseIP(u.Hostname()) == nil {
		if addrs, err = net.LookupHost(u.Hostname()); err != nil {
			return fmt.Errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI: resolving %s: %w", u.Hostname(), err)
		}
	}
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip == nil || !allowed(ip) {
			return fmt.Errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI %q: over http only loopback and the ECS/EKS credential addresses are allowed", raw)
		}
	}
	return nil
}

func caBundleClient(path string) (aws.HTTPClient, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("AWS_CA_BUNDLE (or ca_bundle): %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("AWS_CA_BUNDLE (or ca_bundle) %s holds no PEM certificate", path)
	}
	return awshttp.NewBuildableClient().WithTransportOptions(func(tr *http.Transport) {
		if tr.TLSClientConfig == nil {
			tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		tr.TLSClientConfig.RootCAs = pool
	}), nil
}

func configFile() string {
	if f := os.Getenv("AWS_CONFIG_FILE"); f != "" {
		return f
	}
	return filepath.Join(homeDir(), ".aws", "config")
}

func credentialsFile() string {
	if f := os.Getenv("AWS_SHARED_CREDENTIALS_FILE"); f != "" {
		return f
	}
	return filepath.Join(homeDir(), ".aws", "credentials")
}

func homeDir() string {
	h, _ := os.UserHomeDir()
	return h
}

// readProfile returns the keys (lower-cased) of one profile: the config
// file's [profile NAME] (or [default]) section, overridden by the credentials
// file's [NAME]. Missing files are empty; found reports whether either file
// has the profile.
func readProfile(name string) (map[string]string, bool, error) {
	out := map[string]string{}
	found := false
	for _, f := range []struct {
		path    string
		section func(string) bool
	}{
		{configFile(), func(s string) bool {
			return s == "profile "+name || (name == "default" && s == "default")
		}},
		{credentialsFile(), func(s string) bool { return s == name }},
	} {
		ok, err := readSection(f.path, f.section, out)
		if err != nil {
			return nil, false, err
		}
		found = found || ok
	}
	return out, found, nil
}

// readSection adds the keys of the sections of an INI file that match to out.
// Comment lines start with # or ;; indented lines (sub-settings such as
// s3 = ... max_concurrent_requests) are skipped.
func readSection(path string, match func(string) bool, out map[string]string) (bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	found, in := false, false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		raw := sc.Text()
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				return false, fmt.Errorf("%s: malformed section header %q", path, line)
			}
			in = match(strings.Join(strings.Fields(line[1:end]), " "))
			found = found || in
			continue
		}
		if !in || raw[0] == ' ' || raw[0] == '\t' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		out[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
	}
	if err := sc.Err(); err != nil {
		return false, fmt.Errorf("reading %s: %w", path, err)
	}
	return found, nil
}

func envFirst(keys ...string) string {
	for _, k := range keys {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func isTrue(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "true") }
