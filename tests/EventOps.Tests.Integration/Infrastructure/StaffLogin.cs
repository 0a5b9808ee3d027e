using System.Net;
using System.Text.RegularExpressions;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>Logs in through the real login form (antiforgery token included) and returns the auth cookie.</summary>
public static partial class StaffLogin
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        var result = await PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, result.StatusCode);
        var cookies = result.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("eventops.auth=", StringComparison.Ordinal)).ToList();
        Assert.Single(cookies);
        return cookies[0].Split(';')[0];
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }
}
