using KanbanCustomer.Api.Hosting;
using KanbanCustomer.Api.Hosting.Health;
using KanbanCustomer.Tests.Support;
using OpenTelemetry.Exporter;

namespace KanbanCustomer.Tests.Api.Hosting;

/// <summary>What <c>Telemetry:*</c> and <c>Health:*</c> read, and the values that stop the start.</summary>
public sealed class ObservabilitySettingsTests
{
    [Fact]
    public void By_default_nothing_is_exported_and_ready_is_kept_two_seconds()
    {
        var telemetry = TelemetrySettings.From(TestConfiguration.From());
        var health = HealthSettings.From(TestConfiguration.From());

        Assert.Null(telemetry.OtlpEndpoint);
        Assert.False(telemetry.Tracing);
        Assert.False(telemetry.Metrics);
        Assert.False(telemetry.Prometheus.Enabled);
        Assert.Equal("/metrics", telemetry.Prometheus.Path);
        Assert.Equal(TimeSpan.FromSeconds(2), health.ReadyCacheFor);
        Assert.Equal(TimeSpan.FromSeconds(5), health.CheckTimeout);
    }

    [Fact]
    public void An_OTLP_endpoint_turns_on_traces_and_metrics_over_HTTP_unless_gRPC_is_asked_for()
    {
        var http = TelemetrySettings.From(TestConfiguration.From(("Telemetry:OtlpEndpoint", "http://collector:4318")));
        var grpc = TelemetrySettings.From(TestConfiguration.From(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), ("Telemetry:OtlpProtocol", "grpc")));
        var prometheusOnly = TelemetrySettings.From(TestConfiguration.From(("Telemetry:Prometheus:Enabled", "true")));

        Assert.Equal(new Uri("http://collector:4318"), http.OtlpEndpoint);
        Assert.True(http.Tracing && http.Metrics);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, http.Protocol);
        Assert.Equal(new Uri("http://collector:4317"), grpc.OtlpEndpoint);
        Assert.Equal(OtlpExportProtocol.Grpc, grpc.Protocol);
        Assert.False(prometheusOnly.Tracing);
        Assert.True(prometheusOnly.Metrics);
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4318", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:OtlpEndpoint", "ftp://collector", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:OtlpProtocol", "udp", "Telemetry:OtlpProtocol")]
    [InlineData("Telemetry:Prometheus:Path", "metrics", "Telemetry:Prometheus:Path")]
    public void A_bad_telemetry_setting_stops_the_start_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetrySettings.From(TestConfiguration.From((key, value))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Health:ReadyCacheFor", "-00:00:01")]
    [InlineData("Health:ReadyCacheFor", "00:05:00")]
    [InlineData("Health:CheckTimeout", "00:00:00")]
    public void A_bad_health_setting_stops_the_start_naming_its_key(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => HealthSettings.From(TestConfiguration.From((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
