// Does not compile: a syntax error on line 3.
int ok() { return 1; }
int broken( { return 2; }
