"""The synthetic Huzhou that the demo and the benchmarks build on.

The real division list stops at the 72 townships; ``regions`` gives each township its villages
and communities at a scale, with weights, and ``names`` holds the Chinese names that people,
villages, roads, estates and hamlets are drawn from. It sits below every app, so that each app's
own demo builder (``places.addresses.demo``, the people demo in ``minzheng.demo``) can use it
without importing the demo app above them.
"""
