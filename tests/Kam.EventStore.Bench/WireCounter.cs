using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Kam.EventStore.Bench;

/// <summary>
/// A TCP proxy in front of PostgreSQL that reads what its clients send (the frontend side of the wire protocol) and
/// counts statements, round trips, parses (statements not prepared) and connection resets. A service pointed at it
/// through its connection string shows exactly what one command or one read costs the database, whatever library sent
/// it. Only for the counting phase: the timed phases talk to PostgreSQL directly.
/// </summary>
public sealed partial class WireCounter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private Counts _counts = new();
    private Task? _accepting;

    public WireCounter(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>What was sent since the last call (and starts counting afresh).</summary>
    public Counts Take()
    {
        lock (_lock)
        {
            var counts = _counts;
            _counts = new Counts();
            return counts;
        }
    }

    /// <summary>Counts of one window, by statement text (normalised: whitespace collapsed, cut at 110 characters).</summary>
    public sealed class Counts
    {
        public int Connections { get; set; }
        public int RoundTrips { get; set; }
        public int Statements { get; set; }
        public int Parses { get; set; }
        public int PreparedExecutions { get; set; }
        public int Resets { get; set; }
        public Dictionary<string, int> ByText { get; } = new(StringComparer.Ordinal);

        public void Add(string text, int by = 1) => ByText[text] = ByText.GetValueOrDefault(text) + by;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            lock (_lock)
            {
                _counts.Connections++;
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(_host, _port, _stop.Token);
                var parser = new FrontendParser(this);
                var fromClient = PumpAsync(client.GetStream(), server.GetStream(), parser, fromServer: false);
                var fromServer = PumpAsync(server.GetStream(), client.GetStream(), parser, fromServer: true);
                await Task.WhenAny(fromClient, fromServer);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A connection closing is the normal end.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, FrontendParser parser, bool fromServer)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (fromServer)
            {
                parser.ServerSpoke();
            }
            else
            {
                parser.Feed(buffer.AsSpan(0, read));
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private void Record(Action<Counts> change)
    {
        lock (_lock)
        {
            change(_counts);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    internal static string Normalise(string sql)
    {
        var text = Whitespace().Replace(sql, " ").Trim();
        return text.Length > 110 ? text[..110] + "..." : text;
    }

    /// <summary>
    /// Splits the client's byte stream into protocol messages: the untyped start-up messages first, then typed ones. A round
    /// trip is a burst of client messages, ending in Sync or a simple Query, sent after the server last spoke.
    /// </summary>
    private sealed class FrontendParser(WireCounter owner)
    {
        private readonly List<byte> _pending = [];
        private readonly Dictionary<string, string> _statements = new(StringComparer.Ordinal);
        private bool _started;
        private bool _serverSpoke = true;
        private bool _burstCounted;
        private string _bound = "";
        private bool _boundPrepared;

        public void ServerSpoke() => _serverSpoke = true;

        public void Feed(ReadOnlySpan<byte> data)
        {
            _pending.AddRange(data);
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending);
            var offset = 0;
            while (true)
            {
                var rest = span[offset..];
                if (!_started)
                {
                    if (rest.Length < 8)
                    {
                        break;
                    }

                    var length = BinaryPrimitives.ReadInt32BigEndian(rest);
                    if (rest.Length < length)
                    {
                        break;
                    }

                    // SSL and GSS encryption requests come before the real start-up message (the bench disables SSL).
                    var code = BinaryPrimitives.ReadInt32BigEndian(rest[4..]);
                    _started = code is not (80877103 or 80877104);
                    offset += length;
                    continue;
                }

                if (rest.Length < 5)
                {
                    break;
                }

                var type = (char)rest[0];
                var size = BinaryPrimitives.ReadInt32BigEndian(rest[1..]);
                if (rest.Length < 1 + size)
                {
                    break;
                }

                OnMessage(type, rest.Slice(5, size - 4));
                offset += 1 + size;
            }

            _pending.RemoveRange(0, offset);
        }

        private void OnMessage(char type, ReadOnlySpan<byte> body)
        {
            if (_serverSpoke)
            {
                _serverSpoke = false;
                _burstCounted = false;
            }

            switch (type)
            {
                case 'Q':
                    var query = CString(body, out _);
                    owner.Record(c =>
                    {
                        // Npgsql resets a pooled connection with DISCARD ALL, or with this longer form when it keeps prepared
                        // statements; either is counted as a reset, not as a statement.
                        if (query.StartsWith("DISCARD ALL", StringComparison.OrdinalIgnoreCase) ||
                            query.StartsWith("SET SESSION AUTHORIZATION DEFAULT;RESET ALL", StringComparison.OrdinalIgnoreCase))
                        {
                            c.Resets++;
                            c.Add("(reset) " + Normalise(query)[..Math.Min(40, Normalise(query).Length)]);
                            return;
                        }

                        c.Statements++;
                        c.Parses++;
                        c.Add(Normalise(query));
                    });
                    CountRoundTrip();
                    break;
                case 'P':
                    var name = CString(body, out var used);
                    var text = CString(body[used..], out _);
                    _statements[name] = text;
                    owner.Record(c => c.Parses++);
                    break;
                case 'B':
                    CString(body, out var portalLength);
                    var statement = CString(body[portalLength..], out _);
                    _bound = _statements.GetValueOrDefault(statement, "(unknown statement)");
                    _boundPrepared = statement.Length > 0;
                    break;
                case 'E':
                    var executed = _bound;
                    var prepared = _boundPrepared;
                    owner.Record(c =>
                    {
                        c.Statements++;
                        c.PreparedExecutions += prepared ? 1 : 0;
                        c.Add(Normalise(executed));
                    });
                    break;
                case 'S':
                    CountRoundTrip();
                    break;
            }
        }

        private void CountRoundTrip()
        {
            if (!_burstCounted)
            {
                _burstCounted = true;
                owner.Record(c => c.RoundTrips++);
            }
        }

        private static string CString(ReadOnlySpan<byte> span, out int used)
        {
            var end = span.IndexOf((byte)0);
            if (end < 0)
            {
                used = span.Length;
                return Encoding.UTF8.GetString(span);
            }

            used = end + 1;
            return Encoding.UTF8.GetString(span[..end]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_accepting is not null)
        {
            await _accepting;
        }

        Task[] open;
        lock (_lock)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"wire counter on 127.0.0.1:{Port} -> {_host}:{_port}");
}
