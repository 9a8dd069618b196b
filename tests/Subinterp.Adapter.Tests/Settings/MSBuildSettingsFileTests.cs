using System.Security;
using System.Text;
using Subinterp.EndToEnd.Tests;
using Subinterp.Runtime.Configuration;
using Subinterp.TestAdapter.Settings;

namespace Subinterp.Adapter.Tests.Settings;

/// <summary>
/// The package's MSBuild file that forwards each SubinterpX property into the manifest is made from
/// the runtime's settings, so a new setting needs no edit of the adapter: after changing
/// RunConfiguration, `SUBINTERP_ACCEPT=1` rewrites the file (as for golden files) and this test
/// holds it to the settings.
/// </summary>
public sealed class MSBuildSettingsFileTests
{
    private static string FilePath => Path.Combine(RepoPaths.Root, "adapter", "Subinterp.TestAdapter", "build", "Subinterp.TestAdapter.Settings.targets");

    [Fact]
    public void TheTargetsForwardEverySettingAProjectMayGive()
    {
        var expected = Render();
        if (Environment.GetEnvironmentVariable("SUBINTERP_ACCEPT") == "1")
        {
            File.WriteAllText(FilePath, expected);
        }

        Assert.True(File.Exists(FilePath) && File.ReadAllText(FilePath) == expected,
            $"{FilePath} does not match the runtime's settings: rewrite it with SUBINTERP_ACCEPT=1 dotnet test tests/Subinterp.Adapter.Tests -c Release --filter FullyQualifiedName~MSBuildSettingsFileTests");
        // MSBuild must load it: well-formed XML (no "--" in a comment).
        System.Xml.Linq.XDocument.Parse(expected);
        Assert.Contains("<_SubinterpSetting Include=\"mode\" Property=\"SubinterpMode\" Value=\"$(SubinterpMode)\" Choices=\"isolated;legacy;both\"", expected);
    }

    private static string Render()
    {
        var text = new StringBuilder();
        text.Append("""
            <Project>
              <!--
                Generated from the runtime's run settings (isolation-runtime/Subinterp.Runtime/Configuration/RunConfiguration.cs):
                every setting a .NET test project may give as an MSBuild property, forwarded into the
                manifest the adapter reads. Do not edit: after changing the settings, run the test
                MSBuildSettingsFileTests of tests/Subinterp.Adapter.Tests with SUBINTERP_ACCEPT=1 to rewrite it.
              -->
              <Target Name="SubinterpCollectSettings">
                <ItemGroup>

            """);
        foreach (var setting in RunConfiguration.From(SettingSources.MSBuild))
        {
            var property = SettingsParser.Property(setting);
            text.Append($"      <_SubinterpSetting Include=\"{SettingsParser.ManifestKey(setting)}\" Property=\"{property}\" Value=\"$({property})\"");
            if (setting.Choices is { } choices)
            {
                text.Append($" Choices=\"{Escape(string.Join(';', choices))}\" Expectation=\"{Escape(setting.Expectation)}\"");
            }
            text.Append(" />\n");
        }
        text.Append("""
                </ItemGroup>
              </Target>
            </Project>

            """);
        return text.ToString();
    }

    /// <summary>XML-escaped, and MSBuild's own special characters escaped (';' stays: it separates the choices).</summary>
    private static string Escape(string value) => SecurityElement.Escape(value)
        .Replace("%", "%25", StringComparison.Ordinal).Replace("$", "%24", StringComparison.Ordinal).Replace("@", "%40", StringComparison.Ordinal);
}
