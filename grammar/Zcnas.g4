// The zcnas DSL: search spaces and proxy declarations. See grammar/README.md for the
// language with examples; core/frontend/dsl/ turns parse trees into zcnas::spec values.
grammar Zcnas;

file        : item* EOF ;
item        : includeStmt | spaceDecl | proxyDecl | blockDecl ;

includeStmt : 'include' STRING ';' ;

// ---- search spaces -------------------------------------------------------------------
spaceDecl   : 'space' name=ID '{' spaceItem* '}' ;
spaceItem   : setting | choice | perLayer | perStage | cellDecl | constraint | formatStmt | networkDecl ;

setting     : key=ident '=' value ';' ;
choice      : key=ident 'in' choiceSet ';' ;
choiceSet   : '{' (value (',' value)*)? '}'                                   # setChoice
            | 'range' '(' lo=signedNumber ',' hi=signedNumber (',' step=signedNumber)? ')'  # rangeChoice
            ;
perLayer    : 'per' 'layer' '(' count=ident ')' '{' choice* '}' ;
// One copy of the body per stage s = lo..hi (inclusive): `width in {...}` becomes width[s],
// and a `per layer (depth)` inside counts layers by that stage's depth[s].
perStage    : 'per' 'stage' '(' var=ident 'in' lo=NUMBER '..' hi=NUMBER ')' '{' (choice | perLayer)* '}' ;

cellDecl    : 'cell' kind=ID '(' (namedValue (',' namedValue)*)? ')' '{' cellItem* '}' ;
cellItem    : 'edge' '(' from=ID '->' to=ID ')' 'for' a=ID '<' b=ID ':' key=ID 'in' choiceSet ';'  # edgeChoice
            | 'node' key=ID 'in' choiceSet ';'                                                  # nodeChoice
            | key=ID 'in' choiceSet ';'                                                         # cellChoice
            ;

constraint  : 'constraint' key=ID 'in' '[' lo=value ',' hi=value ']' ';'   # rangeConstraint
            | 'constraint' key=ID op=('<=' | '>=') bound=value ';'         # boundConstraint
            ;
formatStmt  : 'format' STRING ';' ;

// ---- networks: layers and blocks -------------------------------------------------------
// A network body is statements; a chain `conv(32, k = 3, stride = 2) bn relu6;` is layers
// applied one after another. See grammar/README.md for the ops and their shapes.
networkDecl : 'network' '{' stmt* '}' ;
blockDecl   : 'block' name=ID '(' (blockParam (',' blockParam)*)? ')' '{' stmt* '}' ;
blockParam  : name=ident ('=' netExpr)? ;

stmt        : layer+ ';'                                                       # chainStmt
            | 'for' var=ident 'in' netExpr ':'? body                              # forStmt
            | 'repeat' (var=ident 'in')? count=netExpr ':'? body                  # repeatStmt
            | 'residual' ('(' 'when' '=' when=netExpr ')')? main=body
              ('shortcut' ('(' 'when' '=' projectWhen=netExpr ')')? shortcut=body)?            # residualStmt
            | kind=('concat' | 'sum') '{' branch+ '}'                          # mergeStmt
            | 'if' netExpr then=body ('else' otherwise=body)?                  # ifStmt
            ;
body        : '{' stmt* '}' | stmt ;
branch      : 'branch' '{' stmt* '}' ;
// `as name`, or `as ("stage" + s + "_cell" + c)` for names made in loops.
layer       : (op=ID | cellRef='cell') ('(' (netArg (',' netArg)*)? ')')? ('as' (label=ident | '(' labelExpr=netExpr ')'))? ;
netArg      : (key=ID '=')? netExpr ;

// Expressions over the space's choices, settings, loop variables and block parameters;
// `in` is the channel count entering the current block (or network).
netExpr     : netExpr '[' index=netExpr ']'                                    # indexNetExpr
            | op=('-' | '!') netExpr                                           # unaryNetExpr
            | netExpr op=('*' | '/' | '%') netExpr                             # mulNetExpr
            | netExpr op=('+' | '-') netExpr                                   # addNetExpr
            | netExpr op=('<' | '<=' | '>' | '>=') netExpr                     # compareNetExpr
            | netExpr op=('==' | '!=') netExpr                                 # equalNetExpr
            | netExpr '&&' netExpr                                             # andNetExpr
            | netExpr '||' netExpr                                             # orNetExpr
            | <assoc=right> netExpr '?' netExpr ':' netExpr                    # ternaryNetExpr
            | (fn=ID | fnRange='range') '(' (netExpr (',' netExpr)*)? ')'      # callNetExpr
            | NUMBER                                                           # numberNetExpr
            | STRING                                                           # stringNetExpr
            | boolean                                                          # boolNetExpr
            | 'in'                                                             # inNetExpr
            | ident                                                            # nameNetExpr
            | '[' (netExpr (',' netExpr)*)? ']'                                # listNetExpr
            | '(' netExpr ')'                                                  # parenNetExpr
            ;

// ---- proxies -------------------------------------------------------------------------
proxyDecl   : 'proxy' name=ID '=' expr ';' ;
expr        : '-' expr                                   # negExpr
            | expr op=('*' | '/') expr                   # mulExpr
            | expr op=('+' | '-') expr                   # addExpr
            | fn=ident '(' (arg (',' arg)*)? ')'         # callExpr
            | signedNumber                               # numExpr
            | ident                                      # refExpr
            | '(' expr ')'                               # parenExpr
            ;
arg         : key=ident '=' value                        # namedArg
            | expr                                       # positionalArg
            ;

// ---- values --------------------------------------------------------------------------
namedValue  : key=ident '=' value ;
value       : signedNumber | STRING | boolean | ident | list ;
list        : '[' (value (',' value)*)? ']' ;
boolean     : 'true' | 'false' ;
// The network words are keywords only where a statement starts; as names (a choice called
// `block`, the proxy function `sum`) they stay identifiers.
ident       : ID | 'block' | 'sum' | 'concat' | 'stage' | 'network' | 'when' | 'as' | 'if' | 'else' | 'for'
            | 'repeat' | 'residual' | 'branch' | 'shortcut' ;
signedNumber: '-'? NUMBER ;

NUMBER        : [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)? [kKMG]? ;
ID            : [a-zA-Z_] [a-zA-Z0-9_]* ;
STRING        : '"' (~["\\\r\n] | '\\' .)* '"' ;
LINE_COMMENT  : ('//' | '#') ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n]+ -> skip ;
// Anything else is one bad character: the lexer never stops on input it does not know.
BAD_CHAR      : . ;
