using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace KanbanCustomer.Tests.Support;

/// <summary>Configuration and a host environment made in memory, for tests of what modules read at start-up.</summary>
public static class TestConfiguration
{
    public static IConfiguration From(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}

/// <summary>A host environment of the given name (Development, Production ...).</summary>
public sealed class TestEnvironment(string name) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = name;

    public string ApplicationName { get; set; } = "KanbanCustomer.Api";

    public string ContentRootPath { get; set; } = "";

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
