using System.CommandLine;
using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runner.Commands;

/// <summary>
/// The options `run` and `list` take for run settings, made from <see cref="RunConfiguration"/>
/// (names, help, defaults), and what the user gave as the configuration's command-line layer.
/// Nothing here knows a setting by name: a new setting appears by being added there.
/// </summary>
internal sealed class SettingOptions
{
    private readonly List<(RunSetting Setting, Symbol Symbol, Option<bool>? Off)> _symbols = [];

    /// <param name="command"><see cref="SettingSources.Run"/> or <see cref="SettingSources.List"/>: the settings that command takes.</param>
    public SettingOptions(SettingSources command)
    {
        foreach (var setting in RunConfiguration.From(command))
        {
            var description = setting.IsFlag || setting.DefaultText.Length == 0 ? setting.Help : $"{setting.Help} Default: {setting.DefaultText}.";
            if (setting.IsArgument)
            {
                var paths = new Argument<string[]>(setting.Key) { Description = description, Arity = ArgumentArity.ZeroOrMore };
                // An unknown option would otherwise be taken for a path that does not exist.
                paths.Validators.Add(result =>
                {
                    foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-')))
                    {
                        result.AddError($"unknown option '{token.Value}'");
                    }
                });
                _symbols.Add((setting, paths, null));
                continue;
            }
            var aliases = setting.Alias is { } alias ? new[] { alias } : [];
            Option option = setting.IsFlag ? new Option<bool>(setting.CommandLineName, aliases)
                : setting.IsList ? new Option<string[]>(setting.CommandLineName, aliases) { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false }
                : new Option<string>(setting.CommandLineName, aliases);
            option.Description = setting.IsFlag && setting.DefaultText == "on" ? $"{setting.Help} On by default." : description;
            if (!setting.IsFlag)
            {
                option.HelpName = setting.ValueName;
            }
            // A setting that is on by default is turned off with --no-NAME.
            var off = setting.IsFlag && setting.DefaultText == "on"
                ? new Option<bool>("--no-" + setting.Key) { Description = $"Turn {setting.CommandLineName} off." }
                : null;
            _symbols.Add((setting, option, off));
        }
    }

    public void AddTo(Command command)
    {
        foreach (var (_, symbol, off) in _symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
            }
            if (off is not null)
            {
                command.Options.Add(off);
            }
        }
    }

    /// <summary>The run's options: the command line over [tool.subinterp] over the defaults; says which pyproject.toml it read.</summary>
    /// <exception cref="RunSetupException">A bad value, here or in pyproject.toml.</exception>
    public RunOptions Options(ParseResult parse)
    {
        var builder = Read(parse);
        var options = builder.Build();
        if (builder.Project is { } project)
        {
            Console.Error.WriteLine($"subinterp: settings from [{ProjectConfig.Section}] in {project.File}");
        }
        return options;
    }

    /// <summary>The settings given on the command line, in a builder that adds pyproject.toml's and validates the lot.</summary>
    /// <exception cref="RunSetupException">A flag and its --no- form given together.</exception>
    public RunConfigurationBuilder Read(ParseResult parse)
    {
        var builder = new RunConfigurationBuilder(Directory.GetCurrentDirectory());
        foreach (var (setting, symbol, off) in _symbols)
        {
            // An option the user did not type may still have an (implicit) result: only typed ones are this layer's.
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
            object? raw = symbol switch
            {
                Argument<string[]> argument => parse.GetValue(argument) is { Length: > 0 } paths ? paths : null,
                Option<bool> flag when Given(flag) => parse.GetValue(flag) ? "true" : "false",
                Option<string[]> list when Given(list) => parse.GetValue(list) ?? [],
                Option<string> text when Given(text) => parse.GetValue(text) ?? "",
                _ => null,
            };
            var origin = symbol is Argument ? "the test paths" : setting.CommandLineName;
            if (off is not null && Given(off) && parse.GetValue(off))
            {
                if (raw is "true")
                {
                    throw new RunSetupException($"{setting.CommandLineName} and {off.Name} contradict each other: give one.");
                }
                (raw, origin) = ("false", off.Name);
            }
            if (raw is not null)
            {
                builder.Add(new SettingValue(setting, SettingLayer.CommandLine, raw, origin));
            }
        }
        return builder;
    }
}
