from .consola import main

raise SystemExit(main())
