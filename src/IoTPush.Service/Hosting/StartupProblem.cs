namespace IoTPush.Service.Hosting;

/// <summary>A setting, or the store it points at, that stops the service from starting; the message names the key.</summary>
public sealed class StartupProblem(string key, string problem, Exception? innerException = null)
    : Exception($"{key}: {problem}", innerException);
