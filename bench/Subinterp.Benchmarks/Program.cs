using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Subinterp.Benchmarks [-- --filter '*']
// SUBINTERP_BENCH_PYTHON picks the CPython (a version or an executable; default 3.13).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
