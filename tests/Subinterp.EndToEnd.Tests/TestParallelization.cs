// Every test here runs the real CLI, which uses every core it is given (-j 2 on two cores) and
// measures time (--timeout, --test-timeout, the memory limit). Run in parallel, the test classes
// would slow each other's modules past their limits; in sequence they take about as long.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
