using System.Net;
using System.Net.Sockets;

namespace FhirNoteService.TestSupport;

/// <summary>Ports for the servers tests start as processes.</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port free at the moment of asking (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
