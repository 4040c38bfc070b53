// The zcnas DSL: search spaces and proxy declarations. See grammar/README.md for the
// language with examples; core/src/dsl/ turns parse trees into zcnas::spec values.
grammar Zcnas;

file        : item* EOF ;
item        : includeStmt | spaceDecl | proxyDecl ;

includeStmt : 'include' STRING ';' ;

// ---- search spaces -------------------------------------------------------------------
spaceDecl   : 'space' name=ID '{' spaceItem* '}' ;
spaceItem   : setting | choice | perLayer | cellDecl | constraint | formatStmt ;

setting     : key=ID '=' value ';' ;
choice      : key=ID 'in' choiceSet ';' ;
choiceSet   : '{' (value (',' value)*)? '}'                                   # setChoice
            | 'range' '(' lo=signedNumber ',' hi=signedNumber (',' step=signedNumber)? ')'  # rangeChoice
            ;
perLayer    : 'per' 'layer' '(' count=ID ')' '{' choice* '}' ;

cellDecl    : 'cell' kind=ID '(' (namedValue (',' namedValue)*)? ')' '{' cellItem* '}' ;
cellItem    : 'edge' '(' from=ID '->' to=ID ')' 'for' a=ID '<' b=ID ':' key=ID 'in' choiceSet ';'  # edgeChoice
            | 'node' key=ID 'in' choiceSet ';'                                                  # nodeChoice
            | key=ID 'in' choiceSet ';'                                                         # cellChoice
            ;

constraint  : 'constraint' key=ID 'in' '[' lo=value ',' hi=value ']' ';'   # rangeConstraint
            | 'constraint' key=ID op=('<=' | '>=') bound=value ';'         # boundConstraint
            ;
formatStmt  : 'format' STRING ';' ;

// ---- proxies -------------------------------------------------------------------------
proxyDecl   : 'proxy' name=ID '=' expr ';' ;
expr        : '-' expr                                   # negExpr
            | expr op=('*' | '/') expr                   # mulExpr
            | expr op=('+' | '-') expr                   # addExpr
            | fn=ID '(' (arg (',' arg)*)? ')'            # callExpr
            | signedNumber                               # numExpr
            | ID                                         # refExpr
            | '(' expr ')'                               # parenExpr
            ;
arg         : key=ID '=' value                           # namedArg
            | expr                                       # positionalArg
            ;

// ---- values --------------------------------------------------------------------------
namedValue  : key=ID '=' value ;
value       : signedNumber | STRING | boolean | ID | list ;
list        : '[' (value (',' value)*)? ']' ;
boolean     : 'true' | 'false' ;
signedNumber: '-'? NUMBER ;

NUMBER        : [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? [kKMG]? ;
ID            : [a-zA-Z_] [a-zA-Z0-9_]* ;
STRING        : '"' (~["\\\r\n] | '\\' .)* '"' ;
LINE_COMMENT  : ('//' | '#') ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n]+ -> skip ;
// Anything else is one bad character: the lexer never stops on input it does not know.
BAD_CHAR      : . ;
