using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace KanbanCustomer.Api.Hosting;

/// <summary>
/// ASP.NET Core's data-protection key ring (it signs and encrypts the dashboard's sign-in cookie) in the product's own
/// database, under one application name: every instance on that database reads the keys another made, so a cookie
/// issued by one is good on all, and a restart or a new instance invalidates no cookie.
/// </summary>
public static class DataProtectionSetup
{
    public const string ApplicationName = "KanbanCustomer";

    /// <summary>
    /// The keys go through <see cref="KanbanDbContext"/>, the scoped service every provider registers (its subclass
    /// differs per provider), so one registration serves SQLite, SQL Server and PostgreSQL.
    /// </summary>
    public static IServiceCollection AddKanbanDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<KanbanDbContext>();
        return services;
    }
}
