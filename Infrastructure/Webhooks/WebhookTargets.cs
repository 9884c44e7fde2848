using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>
/// The SSRF guard: unless <c>Webhooks:AllowPrivateNetworks</c>, a webhook may not point into loopback, private,
/// link-local, unique-local or other non-public networks. Checked on the URL when a webhook is saved, and again
/// on every delivery, on the addresses the host resolves to at that moment (the connection goes to a checked address).
/// </summary>
public static class WebhookTargets
{
    /// <summary>The check on save: literal addresses and <c>localhost</c> names; other names are checked when resolved.</summary>
    public static void CheckUrl(string url, bool allowPrivateNetworks)
    {
        if (allowPrivateNetworks || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return;
        var host = uri.IdnHost.TrimEnd('.');
        var local = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
                    host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) ||
                    (IPAddress.TryParse(host, out var address) && !IsPublic(address));
        if (local)
            throw DomainException.Invalid("url", "The webhook URL points into a loopback, private or link-local network, which this server does not call.");
    }

    /// <summary>Whether an address belongs to the public internet (as far as a webhook target is concerned).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224 ||                 // "this" network, private, loopback, multicast and reserved
                     (b[0] == 100 && b[1] is >= 64 and <= 127) ||          // carrier-grade NAT
                     (b[0] == 169 && b[1] == 254) ||                       // link-local (cloud metadata lives here)
                     (b[0] == 172 && b[1] is >= 16 and <= 31) ||
                     (b[0] == 192 && b[1] == 168) ||
                     (b[0] == 192 && b[1] == 0 && b[2] == 0) ||            // IETF protocol assignments
                     (b[0] == 198 && b[1] is 18 or 19));                   // benchmarking
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback) ||
                     address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast ||
                     (b[0] & 0xfe) == 0xfc);                               // unique local fc00::/7
        }

        return false;
    }

    /// <summary>
    /// Connects the delivery client: resolves the host, refuses if any of its addresses is not public (unless allowed),
    /// and connects to the addresses it checked, so a second DNS answer cannot slip a private address in.
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connector(bool allowPrivateNetworks) =>
        async (context, cancellationToken) =>
        {
            var endpoint = context.DnsEndPoint;
            var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
            if (!allowPrivateNetworks && addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused)
                throw new WebhookTargetRefusedException($"{endpoint.Host} resolves to {refused}, a non-public address; refused (Webhooks:AllowPrivateNetworks is off).");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}

/// <summary>A delivery's target resolved to an address the SSRF guard does not allow.</summary>
public sealed class WebhookTargetRefusedException : Exception
{
    public WebhookTargetRefusedException() { }

    public WebhookTargetRefusedException(string message) : base(message) { }

    public WebhookTargetRefusedException(string message, Exception innerException) : base(message, innerException) { }
}
