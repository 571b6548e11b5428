// The `krait` command line, as python3.11's: options, then a script, `-c cmd`, `-m mod`
// or `-` (stdin); everything after it is sys.argv[1:]. The runtime does the rest
// (runtime/bootstrap.h).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "runtime/bootstrap.h"
#include "runtime/frozen.h"
#include "runtime/runtime.h"

namespace {

constexpr const char* kHelp =
    "Options and arguments (and corresponding environment variables):\n"
    "-b     : issue warnings about str(bytes_instance), str(bytearray_instance)\n"
    "         and comparing bytes/bytearray with str. (-bb: issue errors)\n"
    "-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x\n"
    "-c cmd : program passed in as string (terminates option list)\n"
    "-d     : turn on parser debugging output (for experts only, only works on\n"
    "         debug builds); also PYTHONDEBUG=x\n"
    "-E     : ignore PYTHON* environment variables (such as PYTHONPATH)\n"
    "-h     : print this help message and exit (also -? or --help)\n"
    "-i     : inspect interactively after running script; forces a prompt even\n"
    "         if stdin does not appear to be a terminal; also PYTHONINSPECT=x\n"
    "-I     : isolate Python from the user's environment (implies -E and -s)\n"
    "-m mod : run library module as a script (terminates option list)\n"
    "-O     : remove assert and __debug__-dependent statements; add .opt-1 before\n"
    "         .pyc extension; also PYTHONOPTIMIZE=x\n"
    "-OO    : do -O changes and also discard docstrings; add .opt-2 before\n"
    "         .pyc extension\n"
    "-P     : don't prepend a potentially unsafe path to sys.path\n"
    "-q     : don't print version and copyright messages on interactive startup\n"
    "-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE\n"
    "-S     : don't imply 'import site' on initialization\n"
    "-u     : force the stdout and stderr streams to be unbuffered;\n"
    "         this option has no effect on stdin; also PYTHONUNBUFFERED=x\n"
    "-v     : verbose (trace import statements); also PYTHONVERBOSE=x\n"
    "         can be supplied multiple times to increase verbosity\n"
    "-V     : print the Python version number and exit (also --version)\n"
    "         when given twice, print more information about the build\n"
    "-W arg : warning control; arg is action:message:category:module:lineno\n"
    "         also PYTHONWARNINGS=arg\n"
    "-x     : skip first line of source, allowing use of non-Unix forms of #!cmd\n"
    "-X opt : set implementation-specific option (krait: -X dis prints the bytecode)\n"
    "--check-hash-based-pycs always|default|never:\n"
    "         control how Python invalidates hash-based .pyc files\n"
    "--help-env      : print help about Python environment variables and exit\n"
    "--help-xoptions : print help about implementation-specific -X options and exit\n"
    "--help-all      : print complete help information and exit\n"
    "Arguments:\n"
    "file   : program read from script file\n"
    "-      : program read from stdin (default; interactive mode if a tty)\n"
    "arg ...: arguments passed to program in sys.argv[1:]\n";

// --help-env: the variables krait reads (the lines name what each changes, in the
// order python3.11 lists them).
constexpr const char* kHelpEnvironment =
    "Environment variables that change behavior:\n"
    "PYTHONPATH   : ':'-separated list of directories put in front of the default\n"
    "               module search path (sys.path)\n"
    "PYTHONSAFEPATH: don't prepend a potentially unsafe path to sys.path (-P)\n"
    "PYTHONHOME   : not used by krait; KRAIT_STDLIB names the standard library\n"
    "               directory instead\n"
    "PYTHONUTF8: 1 enables the UTF-8 mode, 0 disables it\n"
    "PYTHONIOENCODING: encoding[:errors] of stdin, stdout and stderr\n"
    "PYTHONFAULTHANDLER: dump the Python traceback on fatal errors\n"
    "PYTHONHASHSEED: 'random' or unset seeds the hashes of str and bytes randomly;\n"
    "   an integer in [0,4294967295] gives reproducible hash values\n"
    "PYTHONINTMAXSTRDIGITS: the most digits int <-> str conversions accept\n"
    "   (0: no limit); bases 2, 4, 8, 16 and 32 are never limited\n"
    "PYTHONCOERCECLOCALE: 0 turns off the coercion of the C locale to C.UTF-8\n"
    "PYTHONBREAKPOINT: the callable breakpoint() calls; 0 disables it\n"
    "PYTHONDEVMODE: enable the development mode\n"
    "PYTHONPYCACHEPREFIX: root directory of a parallel tree for .pyc files\n"
    "PYTHONWARNDEFAULTENCODING: -X warn_default_encoding\n"
    "PYTHONNODEBUGRANGES: code objects keep line numbers only (-X no_debug_ranges)\n"
    "KRAIT_STDLIB : the standard library directory (default: the one krait was\n"
    "               built with)\n"
    "KRAIT_NO_CODE_CACHE: don't cache compiled stdlib code in ~/.cache/krait\n"
    "These variables have equivalent command-line options (see --help):\n"
    "PYTHONDEBUG             : parser debug mode (-d)\n"
    "PYTHONDONTWRITEBYTECODE : don't write .pyc files (-B)\n"
    "PYTHONINSPECT           : inspect interactively after the script (-i)\n"
    "PYTHONNOUSERSITE        : no user site directory (-s)\n"
    "PYTHONOPTIMIZE          : optimization level 1 (-O)\n"
    "PYTHONUNBUFFERED        : unbuffered stdout and stderr (-u)\n"
    "PYTHONVERBOSE           : trace import statements (-v)\n"
    "PYTHONWARNINGS=arg      : warning control (-W arg)\n";

// --help-xoptions: the -X options krait understands.
constexpr const char* kHelpXOptions =
    "The following implementation-specific options are available:\n"
    "\n"
    "-X faulthandler: enable faulthandler\n"
    "-X dev: enable the development mode: the 'default' warning filter (-W default),\n"
    "    faulthandler, asyncio's debug mode, sys.flags.dev_mode, and close() errors\n"
    "    in io.IOBase destructors are reported\n"
    "-X utf8: enable the UTF-8 mode; -X utf8=0 disables it (it is on by default\n"
    "    in the C and POSIX locales)\n"
    "-X pycache_prefix=PATH: write .pyc files to a parallel tree rooted at PATH\n"
    "-X frozen_modules=[on|off]: whether the modules built into krait are used\n"
    "    (default: on)\n"
    "-X int_max_str_digits=number: the most digits int <-> str conversions accept\n"
    "    (0: no limit)\n"
    "-X warn_default_encoding: warn (EncodingWarning) where 'encoding=None' means\n"
    "    the locale's encoding\n"
    "-X no_debug_ranges: code objects keep line numbers only, no columns (no carets\n"
    "    under the failing expression in tracebacks)\n"
    "-X dis: print the main program's bytecode instead of running it (krait only)\n";

void print_usage(const char* program, FILE* out) {
  std::fprintf(out, "usage: %s [option] ... [-c cmd | -m mod | file | -] [arg] ...\n", program);
}

[[noreturn]] void usage_error(const char* program, const char* message, const char* option) {
  std::fprintf(stderr, message, option);
  std::fputc('\n', stderr);
  print_usage(program, stderr);
  std::fprintf(stderr, "Try `%s -h' for more information.\n", program);
  std::exit(2);
}

// sys.executable as CPython's getpath finds it: the program name made absolute when it
// has a slash, else the first match on PATH, symbolic links left as they are (a link's
// own ._pth file is read); the running file when neither works.
std::string executable_path(const char* argv0) {
  std::string name = argv0;
  auto executable = [](const std::string& path) { return access(path.c_str(), X_OK) == 0; };
  if (name.find('/') != std::string::npos) {
    if (name[0] == '/') return name;
    while (name.rfind("./", 0) == 0) name.erase(0, 2);
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) return std::string(cwd) + (cwd[1] ? "/" : "") + name;
  } else if (const char* path = std::getenv("PATH"); path && !name.empty()) {
    std::string_view rest = path;
    while (true) {
      size_t colon = rest.find(':');
      std::string directory(rest.substr(0, colon));
      if (!directory.empty() && directory[0] == '/' && executable(directory + "/" + name)) {
        return directory + "/" + name;
      }
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  char buffer[4096];
  ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n > 0) return std::string(buffer, size_t(n));
  return argv0;
}

}  // namespace

int main(int argc, char** argv) {
  krait::Config config;
  const char* program = argc > 0 ? argv[0] : "krait";
  config.executable = executable_path(program);
  for (int i = 0; i < argc; ++i) config.orig_argv.emplace_back(argv[i]);

  int i = 1;
  bool have_program = false;
  for (; i < argc && !have_program; ++i) {
    const char* arg = argv[i];
    if (arg[0] != '-' || arg[1] == '\0') break;  // a script path, or "-" for stdin
    if (std::strcmp(arg, "--") == 0) {
      ++i;
      break;
    }
    if (std::strcmp(arg, "--version") == 0) {
      std::printf("Python 3.11.2\n");
      return 0;
    }
    if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "--help-all") == 0) {
      print_usage(program, stdout);
      std::fputs(kHelp, stdout);
      if (arg[6] == '-') {
        std::fputc('\n', stdout);
        std::fputs(kHelpXOptions, stdout);
        std::fputc('\n', stdout);
        std::fputs(kHelpEnvironment, stdout);
      }
      return 0;
    }
    if (std::strcmp(arg, "--help-env") == 0 || std::strcmp(arg, "--help-xoptions") == 0) {
      std::fputs(arg[7] == 'e' ? kHelpEnvironment : kHelpXOptions, stdout);
      return 0;
    }
    if (std::strncmp(arg, "--", 2) == 0) {
      if (std::strcmp(arg, "--check-hash-based-pycs") == 0) {
        if (i + 1 >= argc) usage_error(program, "Argument expected for the %s options", arg);
        std::string mode = argv[++i];
        if (mode != "default" && mode != "always" && mode != "never") {
          usage_error(program, "%s must be one of 'default', 'always', or 'never'", arg);
        }
        config.check_hash_based_pycs = mode;
        continue;
      }
      usage_error(program, "unknown option %s", arg);
    }
    // A cluster of one-letter options: -uO, -c CMD, -cCMD, -W arg, ...
    for (const char* p = arg + 1; *p; ++p) {
      auto option_value = [&](const char* name) -> const char* {
        if (p[1]) {
          const char* value = p + 1;
          p += std::strlen(p) - 1;
          return value;
        }
        if (i + 1 >= argc) usage_error(program, "Argument expected for the -%s option", name);
        return argv[++i];
      };
      switch (*p) {
        case 'c': {
          char name[2] = {'c', 0};
          config.run_command = option_value(name);
          config.run_command += "\n";
          have_program = true;
          break;
        }
        case 'm': {
          char name[2] = {'m', 0};
          config.run_module = option_value(name);
          have_program = true;
          break;
        }
        case 'u': config.unbuffered = true; break;
        case 'E': config.ignore_environment = true; break;
        case 'I': config.isolated = config.ignore_environment = config.no_user_site = config.safe_path = true; break;
        case 'S': config.no_site = true; break;
        case 's': config.no_user_site = true; break;
        case 'B': config.dont_write_bytecode = true; break;
        case 'O': ++config.optimize; break;
        case 'i': config.inspect = config.interactive = true; break;
        case 'q': config.quiet = true; break;
        case 'v': ++config.verbose; break;
        case 'b': ++config.bytes_warning; break;
        case 'd': ++config.debug; break;
        case 'R': config.random_hash_seed = true; break;  // even when PYTHONHASHSEED is set
        case 'P': config.safe_path = true; break;
        case 'x': config.skip_first_line = true; break;
        case 'V':
          std::printf("Python 3.11.2\n");
          return 0;
        case 'h':
        case '?':
          print_usage(program, stdout);
          std::fputs(kHelp, stdout);
          return 0;
        case 'W': config.warnoptions.emplace_back(option_value("W")); break;
        case 'X': config.xoptions.emplace_back(option_value("X")); break;
        default: {
          char option[3] = {'-', *p, 0};
          usage_error(program, "Unknown option: %s", option);
        }
      }
      if (have_program) break;
    }
  }
  // sys.argv: [script or '-c' or the module's path (set later) or ''] + the rest.
  if (!config.run_command.empty()) {
    config.argv.emplace_back("-c");
  } else if (!config.run_module.empty()) {
    config.argv.emplace_back("-m");  // replaced by the module's file by runpy
  } else if (i < argc) {
    config.run_filename = argv[i];
    config.argv.emplace_back(argv[i]);
    ++i;
  } else {
    config.argv.emplace_back("");
  }
  for (; i < argc; ++i) config.argv.emplace_back(argv[i]);

  krait::install_frozen_modules(krait::krait_frozen_modules, krait::krait_frozen_module_count);
  if (!krait::runtime_start(std::move(config))) return 1;
  int status = krait::runtime_run_main();
  return krait::runtime_finalize(status);
}
