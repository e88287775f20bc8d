using System.Text;
using Xunit;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// The payload fixtures: <c>Payloads/&lt;notifyType&gt;/valid/*.json</c> must be accepted;
/// <c>Payloads/&lt;notifyType&gt;/invalid/&lt;field&gt;--&lt;case&gt;.json</c> must be rejected naming that field.
/// A new file is a new test.
/// </summary>
public static class Payloads
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "Payloads");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath), Encoding.UTF8);

    public static TheoryData<string> Valid() => Files("valid");

    public static TheoryData<string> Invalid() => Files("invalid");

    /// <summary>The notifyType a fixture is of: its folder.</summary>
    public static string NotifyType(string relativePath) => relativePath.Split(Path.DirectorySeparatorChar)[0];

    /// <summary>Where a fixture is pushed: the command-status callback for its type, the receiver for every other.</summary>
    public static string Route(string relativePath) =>
        NotifyType(relativePath) == "nbCommandStateChanged" ? HttpExtensions.CommandPath : HttpExtensions.ReceiverPath;

    /// <summary>The field an invalid fixture must be rejected for: the part of its name before "--".</summary>
    public static string ExpectedField(string relativePath) =>
        Path.GetFileNameWithoutExtension(relativePath).Split("--")[0];

    /// <summary>The seed example of each notification type.</summary>
    public static string Seed(string notifyType) =>
        Directory.GetFiles(Path.Combine(Root, notifyType, "valid")).Select(path => File.ReadAllText(path)).First(text => text.Contains('*', StringComparison.Ordinal));

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Root, path);
            if (relative.Split(Path.DirectorySeparatorChar)[1] == kind)
            {
                data.Add(relative);
            }
        }

        return data;
    }
}
