using System.Text;

namespace IoTPush.Tests.Infrastructure;

/// <summary>
/// Generated bad push bodies, deterministic for a seed: truncations, wrong types, huge strings, deep nesting,
/// invalid UTF-8, raw control bytes, duplicate keys, giant numbers, fields removed in turn, and random byte damage.
/// </summary>
public static class HostileBodies
{
    private static readonly string[] Seeds =
    [
        """{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading"}""",
        """{"notifyType":"fwUpgradeResultNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","curVersion":"1.6","targetVersion":"1.6","sourceVersion":"1.3","status":"SUCCESS","statusDesc":"ok","upgradeTime":"1"}""",
        """{"notifyType":"swUpgradeResultNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","curVersion":"1.3","targetVersion":"1.5","sourceVersion":"1.0","swUpgradeResult":"FAIL","upgradeTime":"1","resultDesc":"r","errorCode":"5","description":"x"}""",
        """{"notifyType":"swUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","swUpgradeState":"idle"}""",
    ];

    private static readonly string[] WrongValues = ["1.5", "true", "false", "[]", "{}", "[\"x\"]", "{\"a\":1}", "-0", "1e400", "99999999999999999999999999"];

    public static IEnumerable<(string Kind, byte[] Body)> Generate(int seed)
    {
        var random = new Random(seed);
        foreach (var text in Seeds)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var length = 0; length < bytes.Length - 1; length++)
            {
                yield return ("truncated", bytes[..length]);
            }

            var fields = Fields(text);
            foreach (var field in fields.Where(field => field != "notifyType"))
            {
                yield return ("field removed", Encoding.UTF8.GetBytes(Without(text, field)));
                foreach (var value in WrongValues)
                {
                    yield return ("wrong type", Encoding.UTF8.GetBytes(Replace(text, field, value)));
                }

                yield return ("huge string", Encoding.UTF8.GetBytes(Replace(text, field, $"\"{new string('x', random.Next(60_000, 80_000))}\"")));
                yield return ("control byte", Encoding.UTF8.GetBytes(Replace(text, field, "\"a\u0001b\0c\"")));
                yield return ("escaped NUL", Encoding.UTF8.GetBytes(Replace(text, field, "\"a\\u0000b\"")));
                yield return ("lone surrogate", Encoding.UTF8.GetBytes(Replace(text, field, "\"a\\ud800\"")));
                yield return ("lone surrogate name", Encoding.UTF8.GetBytes(text.Insert(1, $"\"{field}\\udc00\":1,")));
                yield return ("duplicate key", Encoding.UTF8.GetBytes(text.Insert(1, $"\"{field.ToUpperInvariant()}\":\"dup\",")));
                yield return ("giant number", Encoding.UTF8.GetBytes(Replace(text, field, "1e99999999")));
            }

            for (var i = 0; i < 2500; i++)
            {
                var damaged = (byte[])bytes.Clone();
                for (var hits = random.Next(1, 4); hits > 0; hits--)
                {
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                }

                yield return ("damaged", damaged);
            }
        }

        // Every name written again in other letter case: once quadratic to reject.
        var repeated = new StringBuilder("{\"notifyType\":\"fwUpgradeStateChangeNotify\"");
        for (var i = 0; i < 2_450; i++)
        {
            repeated.Append($",\"p{i:D5}x\":1,\"P{i:D5}X\":2");
        }

        yield return ("repeated names", Encoding.UTF8.GetBytes(repeated.Append('}').ToString()));

        foreach (var depth in new[] { 65, 200, 5_000, 30_000 })
        {
            yield return ("deep nesting", Encoding.UTF8.GetBytes($"{{\"notifyType\":\"x\",\"a\":{new string('[', depth)}{new string(']', depth)}}}"));
            yield return ("deep nesting", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));
        }

        for (var i = 0; i < 500; i++)
        {
            var noise = new byte[random.Next(1, 300)];
            random.NextBytes(noise);
            yield return ("random bytes", noise);
        }
    }

    private static List<string> Fields(string json) =>
        System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().Select(property => property.Name).ToList();

    private static string Without(string json, string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove(field);
        return node.ToJsonString();
    }

    private static string Replace(string json, string field, string rawValue)
    {
        var start = json.IndexOf($"\"{field}\":", StringComparison.Ordinal) + field.Length + 3;
        var end = json.IndexOf(json[start] == '"' ? "\"," : ",", start + 1, StringComparison.Ordinal);
        end = end < 0 ? json.Length - 1 : json[start] == '"' ? end + 1 : end;
        return json[..start] + rawValue + json[end..];
    }
}
