using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// The built service as a real process (`dotnet IoTPush.Service.dll`) on a free loopback port: for what
/// only a process shows, such as signals, crashes and restarts.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServiceProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var service = Launch(dataDirectory, settings);
        await service.WaitUntilReadyAsync();
        return service;
    }

    /// <summary>Starts the service and waits for it to exit by itself (a start-up that must fail); kills it after the timeout.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(
        string dataDirectory, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        await using var service = Launch(dataDirectory, settings);
        var exitCode = await service.WaitForExitAsync(timeout);
        service._process.WaitForExit(); // the last lines of output
        return (exitCode, service.Output);
    }

    private static ServiceProcess Launch(string dataDirectory, IReadOnlyDictionary<string, string>? settings)
    {
        var port = FreePort();
        var binaries = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(binaries, "IoTPush.Service.dll") },
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__IoTPush"] = $"Data Source={Path.Combine(dataDirectory, "iotpush.db")}",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, port);
        service._process.OutputDataReceived += (_, line) => service.Append(line.Data);
        service._process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>The output once it holds this many request log lines (they are written as requests complete).</summary>
    public async Task<string> OutputAfterAsync(int requestLines)
    {
        for (var i = 0; i < 500 && CountRequestLines() < requestLines; i++)
        {
            await Task.Delay(10);
        }

        return Output;
    }

    /// <summary>SIGTERM: what a container runtime sends to stop a container.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>SIGKILL: a crash, with no chance to finish anything.</summary>
    public void Crash() => _process.Kill();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The service did not become ready:\n{Output}");
    }

    private int CountRequestLines() =>
        Output.Split('\n').Count(line => line.Contains("RequestLoggingMiddleware: HTTP ", StringComparison.Ordinal));

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
