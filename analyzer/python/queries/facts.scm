; Facts the Python frontend extracts, one pattern per kind of fact.
; A capture without a dot names the fact (its node); `@kind.part` captures a field of it.
; Patterns are one level deep: a node type (or [alternatives]) and fields with a node type or
; (_). analyzer/python/fact_patterns.cpp matches them in one walk over the tree, and the
; frontend (python_frontend.cpp) reads the facts in source order, keeping a stack of the
; enclosing scopes, loops, `with` blocks and main guards.

; Scopes
(function_definition
  name: (identifier) @function.name
  parameters: (parameters) @function.parameters) @function
(class_definition
  name: (identifier) @class.name) @class
(lambda) @lambda

; Loops: statements and comprehensions (a comprehension's body comes before its clauses)
(for_statement
  left: (_) @for.target
  right: (_) @for.iter) @for
(while_statement
  condition: (_) @while.condition) @while
[
  (list_comprehension)
  (set_comprehension)
  (dictionary_comprehension)
  (generator_expression)
] @comprehension
(break_statement) @break
(return_statement) @return

; Blocks that change what a statement means
(with_statement
  body: (block) @with.body) @with
(if_statement
  condition: (comparison_operator) @main_guard.condition
  consequence: (block) @main_guard.body) @main_guard

; Names
(import_statement) @import
(import_from_statement) @import_from
(global_statement) @global
(nonlocal_statement) @nonlocal
(assignment
  left: (_) @assign.left) @assign
(augmented_assignment
  left: (_) @augassign.left) @augassign

; Work
(call
  function: (_) @call.function
  arguments: (_) @call.arguments) @call
(await) @await
(binary_operator) @arith

; Suppression comments
(comment) @comment
