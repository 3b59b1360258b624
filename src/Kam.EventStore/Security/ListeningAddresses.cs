using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kam.EventStore.Security;

/// <summary>
/// Where the server listens. The development header (<see cref="Callers.DevelopmentHeader"/>) names a caller without any
/// proof, so it is honoured only while every address is a loopback one: a Development instance bound to 0.0.0.0 (a
/// container, a shared VM) would otherwise let anyone on the network be anyone, admin included.
/// </summary>
public static class ListeningAddresses
{
    /// <summary>
    /// True when every address the server listens on is loopback. A server without addresses (the in-memory test server)
    /// is reachable from this process only, and counts as loopback.
    /// </summary>
    public static bool LoopbackOnly(IServer server) =>
        server.Features.Get<IServerAddressesFeature>()?.Addresses is not { Count: > 0 } addresses || addresses.All(IsLoopback);

    /// <summary>An address such as <c>http://127.0.0.1:5080</c>, <c>http://[::1]:5080</c> or <c>http://localhost:5080</c>.</summary>
    public static bool IsLoopback(string address)
    {
        // Kestrel spells "any interface" as +, * or 0.0.0.0 / [::]; none of those parse as loopback.
        var start = address.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? address : address[(start + 3)..];
        var host = rest.StartsWith('[') ? rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))] : rest.Split(':', '/')[0];
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
