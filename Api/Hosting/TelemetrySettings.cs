using OpenTelemetry.Exporter;

namespace KanbanCustomer.Api.Hosting;

/// <summary>What <c>Telemetry:*</c> says: where traces and metrics go (OTLP), and whether Prometheus may scrape this instance.</summary>
public sealed class TelemetrySettings
{
    public const string DefaultServiceName = "KanbanCustomer";
    public const string DefaultPrometheusPath = "/metrics";

    /// <summary>The collector's base address (e.g. <c>http://otel-collector:4318</c>); none: nothing is exported over OTLP.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default, port 4318) or <c>grpc</c> (port 4317).</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    public string ServiceName { get; set; } = DefaultServiceName;

    public PrometheusSettings Prometheus { get; set; } = new();

    /// <summary>Spans are made only when someone receives them: with an OTLP endpoint.</summary>
    public bool Tracing => OtlpEndpoint is not null;

    /// <summary>Metrics are collected for OTLP, Prometheus, or both.</summary>
    public bool Metrics => OtlpEndpoint is not null || Prometheus.Enabled;

    public OtlpExportProtocol Protocol => OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

    /// <summary>The settings from <c>Telemetry:</c>; the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> / <c>_PROTOCOL</c> variables stand in for the endpoint and protocol.</summary>
    public static TelemetrySettings From(IConfiguration configuration)
    {
        var settings = new TelemetrySettings();
        var problems = new List<string>();
        var section = configuration.GetSection("Telemetry");
        var endpoint = section["OtlpEndpoint"] is { Length: > 0 } configured ? configured : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            if (Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                settings.OtlpEndpoint = uri;
            else
                problems.Add("Telemetry:OtlpEndpoint must be an http or https address.");
        }

        var protocol = section["OtlpProtocol"] is { Length: > 0 } p ? p : configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        if (!string.IsNullOrWhiteSpace(protocol))
        {
            settings.OtlpProtocol = protocol.Trim();
            if (settings.OtlpProtocol is not ("grpc" or "http/protobuf"))
                problems.Add("Telemetry:OtlpProtocol must be 'http/protobuf' or 'grpc'.");
        }

        if (section["ServiceName"] is { Length: > 0 } name)
            settings.ServiceName = name.Trim();
        section.GetSection("Prometheus").Bind(settings.Prometheus);
        if (!settings.Prometheus.Path.StartsWith('/'))
            problems.Add("Telemetry:Prometheus:Path must start with '/'.");
        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));
        return settings;
    }

    /// <summary>The Prometheus scrape endpoint, off by default.</summary>
    public sealed class PrometheusSettings
    {
        public bool Enabled { get; set; }

        public string Path { get; set; } = DefaultPrometheusPath;
    }
}
